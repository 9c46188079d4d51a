// Shared by the tests/unit/cli-*.test.ts files: run the real CLI as a child process on temp copies of fixtures.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SEED = join(ROOT, 'tests/fixtures/seed/input.md');
export const REPAIRED_SEED = join(ROOT, 'tests/fixtures/corpus/dd-sdlc-ai/implementation-plan.md');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function tickmark(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/tickmark.js'), ...args],
      { cwd: ROOT, env: { ...process.env, TICKMARK_DEBUG: '', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
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
