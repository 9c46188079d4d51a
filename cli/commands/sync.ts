// `tickmark sync [PATH…] [--watch]`: import plan files into the database, writing only what changed.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { closeDb, describeDatabase, getDb } from '../../db/client';
import { parseCommandArgs } from '../lib/args';
import { UsageError } from '../lib/errors';
import { plansDir } from '../../sync/config';
import { syncAll, syncPlan, type SyncOptions, type SyncResult } from '../../sync/import';
import { watchPlans } from '../../sync/watch';
import { progressBar } from '../lib/progress-bar';
import { syncSummaryLine } from '../lib/summary-line';

export const summary = 'Import plan files into the database (default: every *.md in PLANS_DIR); --watch keeps syncing';

const USAGE = `Usage: tickmark sync [PATH…] [--watch] [--force]

Imports each plan (a file, or every *.md under a folder; default PLANS_DIR, else ./plans) into the
database and prints one line per plan. Unchanged files (same content hash) write nothing. A file that
cannot be read keeps its last imported data; the plan is flagged and the exit code is 1.

  --watch   keep running and re-sync files within a second of them changing (Ctrl-C stops)
  --force   re-import even when the content hash is unchanged

Database: ${'DATABASE_URL'} (PostgreSQL), else an embedded one under TICKMARK_DATA_DIR (default .tickmark/).`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { watch: { type: 'boolean' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const targets = positionals.length ? positionals : [plansDir()];
  for (const t of targets) {
    if (!existsSync(t) && !positionals.length)
      throw new UsageError(`plans folder ${path.resolve(t)} does not exist; set PLANS_DIR or pass plan files`);
  }
  try {
    return await syncAndWatch(targets, values);
  } finally {
    await closeDb(); // PGlite flushes and releases its folder lock
  }
}

async function syncAndWatch(targets: string[], values: { watch?: boolean; force?: boolean }): Promise<number> {
  const db = await getDb();
  const bar = progressBar();
  const opts: SyncOptions = {
    force: values.force,
    onProgress: ({ stage, done, total, bytes = 0 }) =>
      bar.update(
        { write: 'writing', parse: 'parsing', read: 'reading', history: 'reading git history' }[stage],
        done,
        total,
        bytes > 256 * 1024,
      ),
  };
  const print = (r: SyncResult) => {
    bar.clear();
    (r.outcome === 'error' ? process.stderr : process.stdout).write(`${syncSummaryLine(r)}\n`);
  };
  let failed = false;
  for (const t of targets) {
    const isDir = existsSync(t) && statSync(t).isDirectory();
    const results = isDir ? await syncAll(db, t, { ...opts, onPlan: print }) : [await syncPlan(db, t, opts)];
    if (!isDir) print(results[0]);
    if (results.some((r) => r.outcome === 'error')) failed = true;
    if (isDir && !results.length) process.stdout.write(`${path.resolve(t)}: no *.md files\n`);
  }
  if (!values.watch) return failed ? 1 : 0;

  const dirs = [...new Set(targets.map((t) => (existsSync(t) && statSync(t).isDirectory() ? t : path.dirname(t))))];
  const watchers = dirs.map((d) =>
    watchPlans(db, d, {
      onSync: (r) => {
        if (r.outcome !== 'unchanged') print(r);
      },
      onError: (error, file) =>
        process.stderr.write(`${file}: ${error instanceof Error ? error.message : String(error)}\n`),
    }),
  );
  await Promise.all(watchers.map((w) => w.ready));
  process.stderr.write(
    `watching ${dirs.map((d) => path.resolve(d)).join(', ')} (${describeDatabase()}); Ctrl-C stops\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.all(watchers.map((w) => w.close()));
  return 0;
}
