// Crash safety, with real processes: a child process changes an item and is killed (SIGKILL, by the engine's
// fault-injection point) between two steps of the write-back; a second process starts, recovers, and the
// database and the file agree — the change recorded exactly once when the file holds it, not at all when
// it does not.
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childDbEnv, copySeed, tempPlansDir } from '../../helpers/database';
import { hashBytes } from '../../../sync/hash';
import { hostname } from 'node:os';
import { parsePlan } from '../../../parser/index';

const CHILD = fileURLToPath(new URL('../../helpers/crash-child.ts', import.meta.url));

interface Report {
  first: string[];
  second: string[];
  status: string;
  removed: boolean;
  version: number;
  uiEvents: { from: string; to: string; actor: string }[];
  markdownEvents: number;
  syncedHash: string;
  fileHash: string;
  intentsLeft: number;
}

/** Children share one database: the test server, or one PGlite folder of their own (the parent's is in use). */
function childEnv(crashAt?: string): NodeJS.ProcessEnv {
  return { ...process.env, ...dbEnv, TICKMARK_CRASH_AT: crashAt ?? '' };
}

let dbEnv: Record<string, string> = {};
beforeAll(() => {
  dbEnv = childDbEnv();
});

interface ChildRun {
  pid: number | undefined;
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

// Not spawnSync: a test worker blocked for a minute under load misses vitest's RPC deadline and aborts the run.
function run(args: string[], env: NodeJS.ProcessEnv): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', CHILD, ...args],
      { env, encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ pid: child.pid, status: error ? child.exitCode : 0, signal: child.signalCode, stdout, stderr }),
    );
  });
}

describe.each([
  ['after-file-write', true],
  ['before-commit', true],
  ['after-intent', false],
] as const)('killed at %s', (crashAt, fileMoved) => {
  it(
    fileMoved ? 'records the change exactly once on the next start' : 'leaves file and database as they were',
    async () => {
      const file = copySeed(tempPlansDir('crash'));
      const before = readFileSync(file);
      const killed = await run(['tick', file, 'NET-004', 'in-progress'], childEnv(crashAt));
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      expect(readFileSync(file).equals(before)).toBe(!fileMoved);
      // Whatever temp file the dead writer left is removed by the next one; another machine's is not its to judge.
      const foreign = `.${path.basename(file)}.${killed.pid}@elsewhere.0badc0de.tmp`;
      writeFileSync(path.join(path.dirname(file), foreign), 'half a plan');
      writeFileSync(
        path.join(
          path.dirname(file),
          `.${path.basename(file)}.${killed.pid}@${hostname().replace(/[^A-Za-z0-9-]/g, '-')}.deadbeef.tmp`,
        ),
        'half a plan',
      );

      const recovered = await run(['recover', file, 'NET-004'], childEnv());
      expect(recovered.status, recovered.stderr).toBe(0);
      const report = JSON.parse(recovered.stdout.trim().split('\n').pop()!) as Report;
      expect(report.intentsLeft).toBe(0);
      expect(readdirSync(path.dirname(file)).sort()).toEqual([foreign, path.basename(file)].sort());
      expect(report.second).toEqual([]);
      expect(report.syncedHash).toBe(report.fileHash);
      expect(report.fileHash).toBe(hashBytes(readFileSync(file)));
      if (fileMoved) {
        expect(report.first).toEqual(['recorded']);
        expect(report.status).toBe('in-progress');
        expect(report.uiEvents).toEqual([{ from: 'done', to: 'in-progress', actor: 'crash-test' }]);
        expect(report.markdownEvents).toBe(0);
        expect(parsePlan(readFileSync(file, 'utf8')).items.find((i) => i.key === 'NET-004')!.status).toBe(
          'in-progress',
        );
      } else {
        expect(report.first).toEqual(['not-written']);
        expect(report.status).toBe('done');
        expect(report.uiEvents).toEqual([]);
      }
    },
  );
});

describe('a server start after a crash between file write and commit', () => {
  it('imports the plans folder and records the change as the ui change it was, not as a markdown edit', async () => {
    const file = copySeed(tempPlansDir('crash-sync'));
    const killed = await run(['tick', file, 'NET-004', 'in-progress'], childEnv('before-commit'));
    expect(killed.signal, killed.stderr).toBe('SIGKILL');

    const started = await run(['sync', file, 'NET-004'], childEnv());
    expect(started.status, started.stderr).toBe(0);
    const report = JSON.parse(started.stdout.trim().split('\n').pop()!) as Report;
    expect(report.second).toEqual([]);
    expect(report.intentsLeft).toBe(0);
    expect(report.status).toBe('in-progress');
    expect(report.uiEvents).toEqual([{ from: 'done', to: 'in-progress', actor: 'crash-test' }]);
    expect(report.markdownEvents).toBe(0);
    expect(report.syncedHash).toBe(hashBytes(readFileSync(file)));
  });
});

describe('a structural change killed between file write and commit', () => {
  it('is recorded on the next start as the ui change it was: the item removed, not edited away in markdown', async () => {
    const file = copySeed(tempPlansDir('crash-structure'));
    const killed = await run(['remove', file, 'NET-004'], childEnv('after-file-write'));
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(readFileSync(file, 'utf8')).not.toMatch(/\[.\] \*\*NET-004\*\*/);

    const recovered = await run(['recover', file, 'NET-004'], childEnv());
    expect(recovered.status, recovered.stderr).toBe(0);
    const report = JSON.parse(recovered.stdout.trim().split('\n').pop()!) as Report;
    expect(report.first).toEqual(['recorded']);
    expect(report.second).toEqual([]);
    expect(report.intentsLeft).toBe(0);
    expect(report.removed).toBe(true);
    expect(report.uiEvents).toEqual([{ from: 'done', to: 'removed', actor: 'crash-test' }]);
    expect(report.markdownEvents).toBe(0);
    expect(report.syncedHash).toBe(report.fileHash);
  });
});
