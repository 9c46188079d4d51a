// Shared by the database tests (one process, isolate:false): one database for the whole run — a PGlite in a
// temp folder unless DATABASE_URL names a server — and helpers for per-test plan folders with unique names.
import { mkdtempSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { resultRows } from '../../db/batch';
import { getDb, type Db } from '../../db/client';

// Temp folders are removed with the run's temp root (tests/helpers/temp-root.ts).
const KEY = Symbol.for('tickmark.test.dataDir');
const g = globalThis as { [KEY]?: string };

if (!process.env.DATABASE_URL && !g[KEY]) {
  // Never the repo's .tickmark/: a temp folder of the run's.
  const dir = mkdtempSync(path.join(tmpdir(), 'tickmark-test-db-'));
  g[KEY] = dir;
  process.env.TICKMARK_DATA_DIR = dir;
}

import { SEED as seedPath } from './paths';

export { ROOT as repoRoot, SEED as seedPath } from './paths';

/** The shared test database (opened once per process). */
export function testDb(): Promise<Db> {
  return getDb();
}

/** A fresh plans folder for one test. */
export function tempPlansDir(label = 'plans'): string {
  return mkdtempSync(path.join(tmpdir(), `tickmark-${label}-`));
}

let counter = 0;
/** A file name no other test (or earlier run against the same server) uses, so slugs never collide. */
export function uniqueName(base: string): string {
  return `${base}-${process.pid}-${Date.now().toString(36)}-${++counter}.md`;
}

/** Copy the seed plan into `dir` under a unique name; returns its path. */
export function copySeed(dir: string, base = 'seed'): string {
  const file = path.join(dir, uniqueName(base));
  copyFileSync(seedPath, file);
  return file;
}

/** Replace exactly one occurrence of `from` in the file (fails loudly when it is not there exactly once). */
export function editOnce(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`expected exactly one '${from}' in ${file}`);
  writeFileSync(file, text.slice(0, at) + to + text.slice(at + from.length));
}

/** A database for child processes (the CLI): the same server, or a PGlite folder of their own (ours is locked). */
export function childDbEnv(): Record<string, string> {
  if (process.env.DATABASE_URL) return {};
  return { TICKMARK_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tickmark-cli-db-')) };
}

/** Rows of `table` this transaction has read so far, by its own statistics (no other session moves them): what a
 * statement costs in rows, however the planner reached them. */
export async function rowsReadInTransaction(tx: Db, table: string): Promise<number> {
  const [row] = resultRows<{ n: number | string }>(
    await tx.execute(sql`SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS n
      FROM pg_stat_xact_user_tables WHERE relname = ${table}`),
  );
  return Number(row?.n ?? 0);
}
