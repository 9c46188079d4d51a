// The CLI's sources compiled into one kept tree of plain ES modules, so that a start needs no module hooks
// (decision 051): with bin/typescript-hooks.mjs every module, node_modules' included, is resolved and loaded
// through Node's hooks thread, ~0.35 s of CPU for a read's ~180 modules. The tree is named by a hash of every
// source it holds (and of how they are compiled): a start hashes the sources, and runs the tree of that name,
// building it first when there is none, so no tree ever outlives its sources. Relative imports point at the
// compiled neighbours; `import.meta.url` still names the source file, so modules find their neighbours
// (migrations, commands, package.json) where they are.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'tickmark-cli');
/** What the CLI imports: its own folder and the rooms below it. */
const FOLDERS = ['cli', 'db', 'sync', 'parser', 'report', 'server'];
const isSource = (name) => /\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name);

/** The tree's URL, built now if the sources changed since it was; null when it cannot be built (a read-only
 * install, a source importing outside FOLDERS): the caller then runs the sources through the hooks. */
export async function compiledTree() {
  try {
    const files = FOLDERS.map((folder) => path.join(root, folder)).flatMap((d) =>
      existsSync(d) ? listSources(d) : [],
    );
    const hash = createHash('sha256')
      .update(readFileSync(fileURLToPath(import.meta.url)))
      .update(readFileSync(path.join(root, 'tsconfig.json')))
      .update(readFileSync(path.join(root, 'node_modules', 'esbuild', 'package.json')));
    for (const file of files) hash.update(`\0${file}\0`).update(readFileSync(file));
    const name = `tree-${hash.digest('hex').slice(0, 32)}`;
    const tree = path.join(cacheDir, name);
    if (!existsSync(tree)) await build(files, tree, name);
    return pathToFileURL(tree + path.sep);
  } catch {
    return null;
  }
}

function listSources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listSources(file);
    return entry.isFile() && isSource(entry.name) ? [file] : [];
  });
}

/** Compiles every source into a temp folder renamed into place (processes may build at once), and removes
 * the trees of older sources. */
async function build(files, tree, name) {
  const { build: esbuild } = await import('esbuild');
  const sources = new Set(files);
  const compilerOptions = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')).compilerOptions ?? {};
  const temp = `${tree}.${process.pid}.tmp`;
  await esbuild({
    entryPoints: files,
    outdir: temp,
    outbase: root,
    bundle: true, // only so that the plugin sees every import; each one stays an import (external)
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    tsconfigRaw: { compilerOptions },
    logLevel: 'silent',
    plugins: [
      {
        name: 'tickmark-tree',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            if (!/^\.\.?\//.test(args.path)) return { path: args.path, external: true };
            const target = sourceOf(path.resolve(args.resolveDir, args.path));
            if (!target || !sources.has(target)) return { errors: [{ text: `${args.path}: not a CLI source` }] };
            let relative = path.relative(path.dirname(args.importer), target).split(path.sep).join('/');
            if (!relative.startsWith('.')) relative = `./${relative}`;
            return { path: relative.replace(/\.tsx?$/, '.js'), external: true };
          });
          b.onLoad({ filter: /\.tsx?$/ }, (args) => ({
            contents: readFileSync(args.path, 'utf8').replaceAll(
              'import.meta.url',
              JSON.stringify(pathToFileURL(args.path).href),
            ),
            loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
          }));
        },
      },
    ],
  });
  try {
    renameSync(temp, tree);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(tree)) throw error; // another process's rename won, with the same sources
  }
  // A command still running from an older tree may yet import from it: only trees an hour old go.
  for (const old of readdirSync(cacheDir)) {
    const folder = path.join(cacheDir, old);
    if (old.startsWith('tree-') && old !== name && Date.now() - statSync(folder).mtimeMs > 3600_000) {
      rmSync(folder, { recursive: true, force: true });
    }
  }
}

/** An extensionless import names a .ts, a .tsx or a folder's index.ts, as the TypeScript "Bundler"
 * resolution does. */
function sourceOf(base) {
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (isSource(path.basename(candidate)) && existsSync(candidate)) return candidate;
  }
  return null;
}
