// Vitest global setup of every project: the run's scratch files (plan folders, PGlite data, the servers and CLIs
// the tests start, Chromium's profiles) go under one temp folder of the run's own, removed when the run ends.
// Everything finds it through os.tmpdir(), which reads TMPDIR; the workers and their children inherit it.
// Removing folders at process exit was not enough: vitest ends its workers with a signal, so no exit hook ran
// and a CI machine kept ~1 GB of folders per run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const root = mkdtempSync(path.join(tmpdir(), 'tickmark-test-run-'));
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  };
}
