// Module hooks that run the CLI's TypeScript straight from the sources (decision 045). tsx did this, but
// loading tsx and esbuild on every start cost ~0.3 s of a hand-over read's ~0.5 s: here a source compiled once
// is kept in node_modules/.cache/tickmark-cli/ and esbuild is loaded only when a source changed. Only our own
// files are touched; everything in node_modules resolves and loads as Node does it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rootUrl = pathToFileURL(root + path.sep).href;
const cacheDir = path.join(root, 'node_modules', '.cache', 'tickmark-cli');
const isOurs = (url) => url.startsWith(rootUrl) && !url.includes('/node_modules/');

/** tsconfig.json's options (target, jsx …), esbuild's version and this file's own text: a change to any of
 * them recompiles everything. */
const compilerOptions = readJson(path.join(root, 'tsconfig.json')).compilerOptions ?? {};
const recipe = createHash('sha256')
  .update(JSON.stringify(compilerOptions))
  .update(readJson(path.join(root, 'node_modules', 'esbuild', 'package.json')).version)
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .digest('hex');

let esbuild = null;

/** Our imports name files without their extension (`../lib/args`), as the TypeScript "Bundler" resolution does. */
export async function resolve(specifier, context, nextResolve) {
  if (
    context.parentURL &&
    isOurs(context.parentURL) &&
    /^\.\.?\//.test(specifier) &&
    !/\.[cm]?[jt]sx?$|\.json$/.test(specifier)
  ) {
    const base = fileURLToPath(new URL(specifier, context.parentURL));
    for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
      if (isFile(candidate)) return { url: pathToFileURL(candidate).href, format: 'module', shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!isOurs(url) || !/\.tsx?$/.test(url)) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const source = readFileSync(file, 'utf8');
  const stamp = createHash('sha256').update(recipe).update(source).digest('hex');
  // One cache file per source, named by its path; its first line says which text it was compiled from.
  const cached = path.join(cacheDir, `${createHash('sha256').update(file).digest('hex').slice(0, 32)}.js`);
  const header = `// ${stamp}\n`;
  let code = null;
  try {
    const text = readFileSync(cached, 'utf8');
    if (text.startsWith(header)) code = text.slice(header.length);
  } catch {
    // not compiled yet
  }
  if (code === null) {
    esbuild ??= await import('esbuild');
    code = esbuild.transformSync(source, {
      loader: file.endsWith('.tsx') ? 'tsx' : 'ts',
      format: 'esm',
      target: 'node20',
      sourcefile: file,
      sourcemap: 'inline',
      tsconfigRaw: { compilerOptions },
    }).code;
    keep(cached, header + code);
  }
  return { format: 'module', source: code, shortCircuit: true };
}

/** Writes the compiled text through a temp file (two CLIs may compile at once); a read-only install just
 * compiles again next time. */
function keep(file, text) {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch {
    // no cache: correct, only slower
  }
}

function isFile(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A file the hooks cannot do without: read as plain JSON (no comments), or a clear error instead of compiling
 * with options silently lost. */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`bin/typescript-hooks.mjs cannot read ${file} as plain JSON: ${error.message}`);
  }
}
