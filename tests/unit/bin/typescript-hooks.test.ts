// bin/typescript-hooks.mjs runs our TypeScript with compiled copies kept between runs: a kept copy must never
// outlive the source it came from. Run in a throwaway root (the hooks find their root from their own place).
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ROOT } from '../../helpers/paths';

const run = promisify(execFile);
let root = '';

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tickmark-hooks-'));
  await mkdir(path.join(root, 'bin'));
  await mkdir(path.join(root, 'lib'));
  await mkdir(path.join(root, 'node_modules'));
  await copyFile(path.join(ROOT, 'bin/typescript-hooks.mjs'), path.join(root, 'bin/typescript-hooks.mjs'));
  await symlink(path.join(ROOT, 'node_modules/esbuild'), path.join(root, 'node_modules/esbuild'));
  await writeFile(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022' } }));
  await writeFile(
    path.join(root, 'bin/start.mjs'),
    "import { register } from 'node:module';\nregister('./typescript-hooks.mjs', import.meta.url);\nawait import('../main.ts');\n",
  );
  // Extensionless and folder imports, a type-only import, an enum: what our sources use of TypeScript.
  await writeFile(
    path.join(root, 'main.ts'),
    "import { value, type Shape } from './lib/value';\nimport { twice } from './lib';\nconst s: Shape = { n: value };\nconsole.log(twice(s.n));\n",
  );
  await writeFile(path.join(root, 'lib/index.ts'), 'export const twice = (n: number): number => n * 2;\n');
  await writeValue(1);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function writeValue(n: number) {
  return writeFile(
    path.join(root, 'lib/value.ts'),
    `export interface Shape { n: number }\nenum E { A = ${n} }\nexport const value: number = E.A;\n`,
  );
}

async function start(): Promise<string> {
  const { stdout } = await run(process.execPath, [path.join(root, 'bin/start.mjs')], { cwd: root });
  return stdout.trim();
}

/** Each kept copy's name and modification time. */
async function keptCopies(): Promise<Map<string, number>> {
  const dir = path.join(root, 'node_modules/.cache/tickmark-cli');
  const names = (await readdir(dir)).filter((f) => f.endsWith('.js'));
  return new Map(await Promise.all(names.map(async (f) => [f, (await stat(path.join(dir, f))).mtimeMs] as const)));
}

test('a source runs as written, and again from its kept copy', async () => {
  expect(await start()).toBe('2');
  const first = await keptCopies();
  expect(first.size).toBe(3); // main, lib/index, lib/value
  expect(await start()).toBe('2');
  expect(await keptCopies()).toEqual(first); // served from the copies: none written again
});

test('a changed source is compiled again, never served from the stale copy', async () => {
  expect(await start()).toBe('2');
  await writeValue(21);
  expect(await start()).toBe('42');
  const kept = await readdir(path.join(root, 'node_modules/.cache/tickmark-cli'));
  expect(kept.filter((f) => f.endsWith('.js'))).toHaveLength(3); // one copy per source, replaced in place
});
