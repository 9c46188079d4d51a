// A read with no dashboard opens the database itself and syncs the plan first: a plan whose bytes were imported
// already is not parsed again, so the parser's markdown stack (~200 modules) is never loaded (decision 051).
// Which packages a real CLI process resolved is recorded by a module hook added with `node --import`.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { childDbEnv, copySeed, editOnce, repoRoot, tempPlansDir } from '../../helpers/database';

let hooks = '';

beforeAll(() => {
  hooks = tempPlansDir('resolve-trace');
  writeFileSync(
    path.join(hooks, 'trace.mjs'),
    "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
  );
  writeFileSync(
    path.join(hooks, 'hooks.mjs'),
    "import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n" +
      '  const r = await next(specifier, context);\n  appendFileSync(process.env.TRACE_FILE, `${r.url}\\n`);\n  return r;\n}\n',
  );
});

interface TracedRun {
  code: number;
  stdout: string;
  stderr: string;
  /** remark-parse was resolved: the markdown parser was loaded. */
  markdown: boolean;
}

function traced(args: string[], env: Record<string, string>): Promise<TracedRun> {
  const trace = path.join(hooks, 'resolved.txt');
  rmSync(trace, { force: true });
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', path.join(hooks, 'trace.mjs'), path.join(repoRoot, 'bin/tickmark.js'), ...args],
      { cwd: repoRoot, env: { ...process.env, ...env, TRACE_FILE: trace } },
      (error, stdout, stderr) => {
        const resolved = existsSync(trace) ? readFileSync(trace, 'utf8') : '';
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, markdown: resolved.includes('/node_modules/remark-parse/') });
      },
    );
  });
}

it('a read of an unchanged plan loads no markdown parser; after an edit it parses the plan again', async () => {
  const dir = tempPlansDir('read-alone');
  const file = copySeed(dir);
  const env = { ...childDbEnv(), PLANS_DIR: dir };

  const first = await traced(['status', file], env);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.markdown).toBe(true); // the first read imports the plan: the trace sees the parser load

  const again = await traced(['status', file], env);
  expect(again.stderr).toBe('');
  expect(again.stdout).toBe(first.stdout);
  expect(again.markdown).toBe(false);

  editOnce(file, '- [x] **CACHE-001**', '- [ ] **CACHE-001**');
  const edited = await traced(['status', file], env);
  expect(edited.code).toBe(0);
  expect(edited.markdown).toBe(true);
  expect(edited.stdout).not.toBe(first.stdout);
});
