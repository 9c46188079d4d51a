// Run the real CLI as a child process on temp copies of fixtures.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROOT } from './paths';

export { ROOT, SEED, REPAIRED_SEED } from './paths';

/** Never the repository's plans/ or .tickmark/: a folder that does not exist, so no database is found or made. */
const NOWHERE = join(tmpdir(), `tickmark-cli-nowhere-${process.pid}`);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tickmark ARGS`; `input` is written to its stdin (a password, say), which is otherwise left empty. */
export function tickmark(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(ROOT, 'bin/tickmark.js'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, PLANS_DIR: NOWHERE, TICKMARK_DATA_DIR: NOWHERE, TICKMARK_DEBUG: '', ...env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? '');
  });
}

/** A temp folder per test file; `copy` puts fixtures in it, `write` makes new files. */
export function tempDir() {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tickmark-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    path: (name: string) => join(dir, name),
    async copy(fixture: string, name = basename(fixture)): Promise<string> {
      await copyFile(fixture, join(dir, name));
      return join(dir, name);
    },
    async write(name: string, data: string | Buffer): Promise<string> {
      await writeFile(join(dir, name), data);
      return join(dir, name);
    },
  };
}

export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}
