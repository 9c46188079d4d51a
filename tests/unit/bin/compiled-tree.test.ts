// bin/compiled-tree.mjs runs the CLI from a kept tree of compiled sources with no module hooks: the tree must
// never outlive its sources, its imports must reach the compiled neighbours, and `import.meta.url` must still
// name the source. Run in a throwaway root (the tree finds its root from its own place).
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ROOT } from '../../helpers/paths';

const run = promisify(execFile);
let root = '';

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tickmark-tree-'));
  for (const folder of ['bin', 'cli', 'db/lib', 'node_modules'])
    await mkdir(path.join(root, folder), { recursive: true });
  await copyFile(path.join(ROOT, 'bin/compiled-tree.mjs'), path.join(root, 'bin/compiled-tree.mjs'));
  await symlink(path.join(ROOT, 'node_modules/esbuild'), path.join(root, 'node_modules/esbuild'));
  await writeFile(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022' } }));
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  await writeFile(
    path.join(root, 'bin/start.mjs'),
    "import { compiledTree } from './compiled-tree.mjs';\nconst tree = await compiledTree();\n" +
      "if (!tree) throw new Error('no tree');\nawait import(new URL('cli/index.js', tree).href);\n",
  );
  // Extensionless and folder imports, a type-only import, an enum, a lazy import, and a neighbour found by
  // import.meta.url: what our sources use.
  await writeFile(
    path.join(root, 'cli/index.ts'),
    "import { value, type Shape } from '../db/value';\nimport { fileURLToPath } from 'node:url';\n" +
      "const s: Shape = { n: value };\nconst { twice } = await import('../db/lib');\n" +
      'console.log(twice(s.n), fileURLToPath(import.meta.url));\n',
  );
  await writeFile(path.join(root, 'db/lib/index.ts'), 'export const twice = (n: number): number => n * 2;\n');
  await writeValue(1);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function writeValue(n: number) {
  return writeFile(
    path.join(root, 'db/value.ts'),
    `export interface Shape { n: number }\nenum E { A = ${n} }\nexport const value: number = E.A;\n`,
  );
}

async function start(): Promise<string> {
  const { stdout } = await run(process.execPath, [path.join(root, 'bin/start.mjs')], { cwd: root });
  return stdout.trim();
}

const trees = async () =>
  (await readdir(path.join(root, 'node_modules/.cache/tickmark-cli'))).filter((f) => f.startsWith('tree-'));

test('the sources run from their compiled tree, again from the kept one, and anew after an edit', async () => {
  expect(await start()).toBe(`2 ${path.join(root, 'cli/index.ts')}`);
  const [first] = await trees();
  expect(await start()).toBe(`2 ${path.join(root, 'cli/index.ts')}`);
  expect(await trees()).toEqual([first]);

  await writeValue(2); // the same length: only the content tells the edit
  expect(await start()).toBe(`4 ${path.join(root, 'cli/index.ts')}`);
  const now = await trees();
  expect(now).toHaveLength(2); // the older tree stays an hour for commands still running from it
  expect(now).toContain(first);
});

test('a source importing outside the CLI folders gets no tree (bin/tickmark.js then uses the hooks)', async () => {
  await writeFile(path.join(root, 'cli/outside.ts'), "export { x } from '../elsewhere/x';\n");
  await mkdir(path.join(root, 'elsewhere'), { recursive: true });
  await writeFile(path.join(root, 'elsewhere/x.ts'), 'export const x = 1;\n');
  await expect(start()).rejects.toThrow(/no tree/);
  await rm(path.join(root, 'cli/outside.ts'));
  expect(await start()).toBe(`4 ${path.join(root, 'cli/index.ts')}`);
});
