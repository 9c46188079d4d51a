// How long a read on the example plan takes from the command line (the issue: "well under a second"): wall
// time of whole `tickmark` processes, median of RUNS, beside a bare `node -e ''` start in the same run; a
// read handed to a running dashboard (embedded database) and, once it stops, a read opening the database
// itself. With DATABASE_URL set every process opens the server: the hand-over rows are skipped.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, ROOT, startServer } from '../helpers/server';
import { formatMs, formatRatio, formatTable, median, verdict } from './lib/stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GOAL_MS = 1000;
const scratch = mkdtempSync(path.join(tmpdir(), 'tickmark-bench-cli-'));
const plansDir = path.join(scratch, 'plans');
execFileSync('mkdir', ['-p', plansDir]);
copyFileSync(path.join(ROOT, 'tests/fixtures/seed/input.md'), path.join(plansDir, 'system-design-gap-plan.md'));
const env = { ...process.env, PLANS_DIR: plansDir, TICKMARK_DATA_DIR: path.join(scratch, 'data') };

/** Median wall time of `node ARGS`, after one unmeasured run (it fills the compiled-source cache). */
function timeNode(args: string[]): number {
  const run = () => {
    const t0 = performance.now();
    execFileSync(process.execPath, args, { env, cwd: ROOT, stdio: 'ignore' });
    return performance.now() - t0;
  };
  run();
  return median(Array.from({ length: RUNS }, run));
}

const cli = (...args: string[]) => [path.join(ROOT, 'bin/tickmark.js'), ...args];
const rows: string[][] = [];
const baseline = timeNode(['-e', '']);
const row = (what: string, ms: number, goal = true) =>
  rows.push([what, formatMs(ms), formatRatio(ms / baseline), goal ? verdict(ms, GOAL_MS) : '']);
row("node -e '' (baseline)", baseline, false);
row('tickmark --version', timeNode(cli('--version')), false);
try {
  if (!process.env.DATABASE_URL) {
    buildApp();
    const server = await startServer({ plansDir, env: { TICKMARK_DATA_DIR: env.TICKMARK_DATA_DIR } });
    try {
      row('tickmark status PLAN, beside the dashboard', timeNode(cli('status', 'system-design-gap-plan')));
      row(
        'tickmark list PLAN --prefix CACHE, beside',
        timeNode(cli('list', 'system-design-gap-plan', '--prefix', 'CACHE')),
      );
    } finally {
      await server.stop();
    }
  }
  row('tickmark status PLAN, alone (opens the database)', timeNode(cli('status', 'system-design-gap-plan')));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.stdout.write(`${formatTable(['read', `median of ${RUNS}`, '× baseline', `goal < ${GOAL_MS} ms`], rows)}\n`);
