// The write-back engine: the one way a change made through Tickmark (dashboard, CLI) reaches the plan file
// and the database. Per plan, one change at a time (sync/writer.ts), and for each change:
//   settle leftover intents of a crashed writer (sync/recover.ts) → read the file → if it is not the text last
//   synced, import it first (item by item, sync/apply-model.ts) → check the caller's expectedVersion → compute
//   the edits (status character and ✅, then the bookkeeping) against the current text → write an intent and
//   the new file side by side → rename the new file over the plan → in the same transaction: the event, the
//   item's new version, the sync state's new hash → notify live pages.
// The parsed model of each plan is kept (keyed by the file's stamp) and updated by offset after a tick, so a
// tick never re-parses a large document.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { dataDir, describeDatabase, getDb, type Db } from '../db/client';
import { DatabaseUnavailableError, isConnectionLost, rootReason } from '../db/errors';
import { itemEvents, items, phases, plans, progressLogRows, syncState, type ItemRow } from '../db/schema';
import { applyEdits, parsePlan, planEdits } from '../parser/index';
import type { Change, Edit, PlanModel, Status } from '../parser/lib/types';
import { bookkeepingPlanner } from '../parser/lib/bookkeeping';
import { localIsoDate } from '../parser/lib/bookkeeping-dates';
import { modelAfterEdits } from '../parser/lib/bookkeeping-model';
import { importParsed } from './apply-model';
import { planFilePath, storedPlanPath } from './config';
import { emitPlanChanged } from './events';
import { hashBytes } from './hash';
import { recoverPlan, removeIntent, writeIntent } from './recover';
import { statedNumbers, storedDiagnostics } from './rows';
import { FileMovedError, replaceFileIfUnchanged, sameStamp, stampOf, withPlanWriter, type FileStamp } from './writer';

export type PlanRef = { slug: string } | { id: number };

export interface ChangeOptions {
  actor?: string | null;
  source: 'ui' | 'cli';
  /** The item version the caller saw; an older one is a conflict, never a silent overwrite. */
  expectedVersion?: number;
  /** Local date of the change (`YYYY-MM-DD`) for the progress log and Last Updated; default today. */
  today?: string;
  now?: Date;
  plansDir?: string;
}

export interface ChangeResult {
  item: ItemRow;
  version: number;
  /** Edits applied to the file (empty when the item already had that status). */
  edits: Edit[];
}

export class UnknownPlanError extends Error {
  constructor(readonly plan: PlanRef) {
    super(`no tracked plan ${'slug' in plan ? `"${plan.slug}"` : `#${plan.id}`} (run \`tickmark sync\` to track it)`);
    this.name = 'UnknownPlanError';
  }
}

export class UnknownItemError extends Error {
  constructor(
    readonly planSlug: string,
    readonly key: string,
  ) {
    super(`plan "${planSlug}" has no item "${key}" (it may have been removed from the document)`);
    this.name = 'UnknownItemError';
  }
}

export class VersionConflictError extends Error {
  constructor(
    /** The item as it is now: show it to the user and let them decide. */
    readonly current: ItemRow,
    readonly expectedVersion: number,
  ) {
    super(
      `item "${current.key}" changed since you loaded it (your version ${expectedVersion}, now ${current.version}: ${current.status}); reload and try again`,
    );
    this.name = 'VersionConflictError';
  }
}

/** Sets one item's status in the plan file and the database. */
export function setStatus(db: Db, plan: PlanRef, itemKey: string, status: Status, opts: ChangeOptions): Promise<ChangeResult> {
  return applyChange(db, plan, { kind: 'set-status', key: itemKey, status }, opts);
}

/** Applies a change (today: a status change) through the plan's single writer. A lost database connection
 * becomes a DatabaseUnavailableError that says whether the file holds the change. */
export async function applyChange(db: Db, plan: PlanRef, change: Change, opts: ChangeOptions): Promise<ChangeResult> {
  for (let retried = false; ; retried = true) {
    const progress = { fileWritten: false };
    try {
      return await applyOnce(db, plan, change, opts, progress);
    } catch (error) {
      if (!isConnectionLost(error)) throw error;
      // After a database restart the first query on a pooled connection can fail: once more on a new one,
      // unless the file already holds the change (its intent is settled by the next write-back or start).
      if (!retried && !progress.fileWritten) {
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      const where = describeDatabase();
      throw new DatabaseUnavailableError(
        progress.fileWritten
          ? `the file holds the change to ${change.key}, but the database (${where}) went away before recording it: ${rootReason(error)}. It is recorded when the database is back (next change or server start).`
          : `cannot reach the database (${where}): ${rootReason(error)}. Nothing was changed; try again once it is back.`,
        { cause: error },
      );
    }
  }
}

async function applyOnce(db: Db, plan: PlanRef, change: Change, opts: ChangeOptions, progress: { fileWritten: boolean }): Promise<ChangeResult> {
  const row = await findPlan(db, plan);
  const file = planFilePath(row.path, opts.plansDir);
  const result = await withPlanWriter(db, row.id, async (tx) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await writeBack(tx, row, file, change, opts, progress);
      } catch (error) {
        forgetModel(row.id);
        // An editor saved between our read and our rename: read again and redo the change on its text.
        if (error instanceof FileMovedError && attempt < 20) continue;
        throw error;
      }
    }
  });
  if (result.refused) {
    if (result.imported) emitPlanChanged({ planId: row.id, slug: row.slug, source: 'markdown' });
    throw result.refused;
  }
  if (result.intentPath) await removeIntent(result.intentPath);
  if (result.edits.length || result.imported) {
    emitPlanChanged({ planId: row.id, slug: row.slug, source: opts.source, keys: [change.key] });
  }
  return { item: result.item, version: result.item.version, edits: result.edits };
}

async function findPlan(db: Db, plan: PlanRef): Promise<{ id: number; slug: string; path: string }> {
  const where = 'slug' in plan ? eq(plans.slug, plan.slug) : eq(plans.id, plan.id);
  const [row] = await db.select({ id: plans.id, slug: plans.slug, path: plans.path }).from(plans).where(where);
  if (!row) throw new UnknownPlanError(plan);
  return row;
}

// ---- the cached model per plan -----------------------------------------------------------------------

interface Cached {
  bytes: Buffer;
  hash: string;
  text: string;
  model: PlanModel;
  index: Map<string, number>;
}

interface Current extends Cached {
  /** The file as we read it: the write is refused if it is no longer this file. */
  stamp: FileStamp;
}

const cache = new Map<number, Cached>();

function forgetModel(planId: number): void {
  cache.delete(planId);
}

/** Drops every cached model. */
export function clearModelCache(): void {
  cache.clear();
}

/** The file's text and model: the cached model when the bytes are the ones we last wrote or parsed
 * (a byte comparison, far cheaper than a hash or a parse), a fresh parse otherwise. */
async function current(planId: number, file: string): Promise<Current> {
  for (;;) {
    // Synchronous: a plan is read from the page cache in well under a millisecond, less than the three
    // thread-pool round trips the async calls cost on every tick.
    const stamp = stampOf(file);
    if (!stamp) throw new Error(`${file}: plan file not found (was it moved or deleted?); run \`tickmark sync\``);
    const bytes = readFileSync(file);
    // A save landed while we read: read again.
    if (!sameStamp(stampOf(file), stamp)) continue;
    const hit = cache.get(planId);
    if (hit && hit.bytes.equals(bytes)) return { ...hit, stamp };
    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes)) {
      throw new Error(`${file}: not valid UTF-8; Tickmark will not rewrite it (re-save the file as UTF-8)`);
    }
    const model = parsePlan(text);
    const entry: Cached = { bytes, hash: hashBytes(bytes), text, model, index: indexOf(model) };
    cache.set(planId, entry);
    return { ...entry, stamp };
  }
}

function indexOf(model: PlanModel): Map<string, number> {
  return new Map(model.items.map((item, i) => [item.key, i]));
}

// ---- one write-back, inside the plan lock -------------------------------------------------------------

type WriteBack =
  | { item: ItemRow; edits: Edit[]; intentPath: string | null; imported: boolean; refused?: undefined }
  | { refused: UnknownItemError | VersionConflictError; imported: boolean };

async function writeBack(
  tx: Db,
  plan: { id: number; slug: string; path: string },
  file: string,
  change: Change,
  opts: ChangeOptions,
  progress: { fileWritten: boolean },
): Promise<WriteBack> {
  await recoverPlan(tx, plan.id, file);
  const now = opts.now ?? new Date();
  const today = opts.today ?? localIsoDate(now);
  const cur = await current(plan.id, file);

  // The file moved since the last sync (an editor, a crash): import that first, item by item.
  // The sync state and the item in one round trip (the lock is held: nothing moves under us).
  const read = () =>
    tx
      .select({ hash: syncState.contentHash, item: items })
      .from(syncState)
      .leftJoin(items, and(eq(items.planId, syncState.planId), eq(items.key, change.key), isNull(items.removedAt)))
      .where(eq(syncState.planId, plan.id));
  let [state] = await read();
  let imported = false;
  if (!state || state.hash !== cur.hash) {
    await importParsed(
      tx,
      { planId: plan.id, model: cur.model, filePath: file, hash: cur.hash, size: Buffer.byteLength(cur.text, 'utf8') },
      { now, source: 'markdown' },
    );
    imported = true;
    [state] = await read();
  }
  const item = state?.item ?? null;
  const at = cur.index.get(change.key);
  // Refusals are returned, not thrown, so the import above still commits.
  if (!item || at === undefined) return { refused: new UnknownItemError(plan.slug, change.key), imported };
  if (opts.expectedVersion !== undefined && item.version !== opts.expectedVersion) {
    return { refused: new VersionConflictError(item, opts.expectedVersion), imported };
  }
  if (cur.model.items[at].status === change.status) return { item, edits: [], intentPath: null, imported };

  const statuses = new Map<string, Status>([[change.key, change.status]]);
  const edits = planEdits(cur.model, change, { today, planners: [bookkeepingPlanner(cur.text)] });
  const text = applyEdits(cur.text, edits);
  const bytes = Buffer.from(text, 'utf8');
  const hash = hashBytes(bytes);
  const from = cur.model.items[at].status;

  // The intent is written while the new file is: both are fsynced before the rename (sync/recover.ts).
  const intent = writeIntent(file, {
    planId: plan.id,
    key: change.key,
    from,
    to: change.status,
    at: now.toISOString(),
    source: opts.source,
    actor: opts.actor ?? null,
    oldHash: cur.hash,
    newHash: hash,
  });
  try {
    await replaceFileIfUnchanged(file, bytes, cur.stamp, intent.then(() => crashPoint('after-intent')));
  } catch (error) {
    await intent.then(removeIntent, () => {}); // nothing was written
    throw error;
  }
  const intentPath = await intent;
  progress.fileWritten = true;
  crashPoint('after-file-write');

  // The file now holds the change: the model follows by offset, the database in this transaction.
  const oldLog = logRows(cur.model);
  const oldPhaseCounts = cur.model.phases.map((p) => p.statedCount);
  const oldDiagnostics = JSON.stringify(cur.model.diagnostics);
  const model = modelAfterEdits(cur.model, text, edits, statuses, parsePlan);
  cache.set(plan.id, { bytes, hash, text, model, index: cur.index });
  const changed = model.items[at];

  const updated: ItemRow = { ...item, status: change.status, version: item.version + 1, doneDate: changed.doneDate, line: changed.line, updatedAt: now };
  for (const [i, p] of model.phases.entries()) {
    if (p.statedCount !== oldPhaseCounts[i]) {
      await tx.update(phases).set({ statedCount: p.statedCount }).where(and(eq(phases.planId, plan.id), eq(phases.key, p.key)));
    }
  }
  const log = logDifference(oldLog, logRows(model));
  if (log.kind === 'many') await writeLogRows(tx, plan.id, log);
  // The rest of the tick in one statement (data-modifying CTEs: one round trip, one snapshot): the item, its
  // event, the stated numbers, the one log row a tick usually changes, and the sync state's new hash.
  const when = now.toISOString();
  // The tick can settle (or cause) count and log diagnostics: store them when they moved.
  const diagnosticsPart =
    JSON.stringify(model.diagnostics) === oldDiagnostics ? sql`` : sql`, diagnostics = ${JSON.stringify(storedDiagnostics(model))}::jsonb`;
  const row = log.kind === 'one' ? log.row : null;
  const logPart = row
    ? sql`, l AS (UPDATE progress_log_rows SET week = ${row.week}, date = ${row.date}::date, items_raw = ${row.itemsRaw},
        ids = ${JSON.stringify(row.ids)}::jsonb, notes = ${row.notes}
        WHERE plan_id = ${plan.id} AND position = ${log.kind === 'one' ? log.position : -1})`
    : sql``;
  await tx.execute(sql`
    WITH u AS (UPDATE items SET status = ${updated.status}, version = ${updated.version}, done_date = ${updated.doneDate}::date,
        line = ${updated.line}, updated_at = ${when}::timestamptz WHERE id = ${item.id}),
      e AS (INSERT INTO item_events (plan_id, item_id, from_status, to_status, at, source, actor)
        VALUES (${plan.id}, ${item.id}, ${item.status}, ${change.status}, ${when}::timestamptz, ${opts.source}, ${opts.actor ?? null})),
      p AS (UPDATE plans SET stated = ${JSON.stringify(statedNumbers(model))}::jsonb, updated_at = ${when}::timestamptz ${diagnosticsPart} WHERE id = ${plan.id})
      ${logPart}
    UPDATE sync_state SET content_hash = ${hash}, size = ${bytes.length}, path = ${file}, synced_at = ${when}::timestamptz
    WHERE plan_id = ${plan.id}`);
  crashPoint('before-commit');
  return { item: updated, edits, intentPath, imported };
}

type LogRowValues = ReturnType<typeof logRows>[number];

type LogDifference =
  | { kind: 'none' }
  | { kind: 'one'; position: number; row: LogRowValues }
  | { kind: 'many'; head: number; oldEnd: number; newEnd: number; rows: LogRowValues[] };

/** How the stored progress-log rows must change: a tick changes one row, or adds/removes one, in a log of a
 * thousand rows. Compared from both ends; positions stay contiguous. */
function logDifference(old: LogRowValues[], next: LogRowValues[]): LogDifference {
  const same = (a: LogRowValues, b: LogRowValues) =>
    a.week === b.week && a.date === b.date && a.itemsRaw === b.itemsRaw && a.notes === b.notes && a.ids.join('\u0000') === b.ids.join('\u0000');
  let head = 0;
  while (head < old.length && head < next.length && same(old[head], next[head])) head++;
  let tail = 0;
  while (tail < old.length - head && tail < next.length - head && same(old[old.length - 1 - tail], next[next.length - 1 - tail])) tail++;
  const oldEnd = old.length - tail;
  const newEnd = next.length - tail;
  if (oldEnd === head && newEnd === head) return { kind: 'none' };
  if (oldEnd - head === 1 && newEnd - head === 1) return { kind: 'one', position: head, row: next[head] };
  return { kind: 'many', head, oldEnd, newEnd, rows: next.slice(head, newEnd) };
}

async function writeLogRows(tx: Db, planId: number, d: Extract<LogDifference, { kind: 'many' }>): Promise<void> {
  await tx
    .delete(progressLogRows)
    .where(and(eq(progressLogRows.planId, planId), gte(progressLogRows.position, d.head), lt(progressLogRows.position, d.oldEnd)));
  if (d.newEnd !== d.oldEnd) {
    await tx
      .update(progressLogRows)
      .set({ position: sql`${progressLogRows.position} + ${d.newEnd - d.oldEnd}` })
      .where(and(eq(progressLogRows.planId, planId), gte(progressLogRows.position, d.oldEnd)));
  }
  if (d.rows.length) await tx.insert(progressLogRows).values(d.rows.map((r, i) => ({ planId, ...r, position: d.head + i })));
}

function logRows(model: PlanModel) {
  return (model.log?.weeks ?? []).flatMap((w) =>
    w.rows.map((r) => ({ week: w.title, date: r.date, itemsRaw: r.itemsRaw, ids: r.ids, notes: r.notes })),
  );
}

/** Fault injection for the crash test: `TICKMARK_CRASH_AT=after-file-write` kills the process right there
 * (a real process exit, as a power cut or a kill -9 would). */
function crashPoint(name: string): void {
  if (process.env.TICKMARK_CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
}

/**
 * The database and plan tracking `file`, or null when the file is not tracked — or no database exists yet:
 * `tickmark set` on a loose file must not create one. A database held by another process (the dashboard
 * server on the embedded PGlite) also gives null: `tickmark set` then hands the change to that server
 * (server/announce.ts).
 */
export async function trackedPlanOf(file: string, plansDir?: string): Promise<{ db: Db; plan: { id: number; slug: string } } | null> {
  if (!process.env.DATABASE_URL && !existsSync(join(dataDir(), 'pgdata'))) return null;
  let db: Db;
  try {
    db = await getDb();
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) return null;
    throw error;
  }
  const [plan] = await db
    .select({ id: plans.id, slug: plans.slug })
    .from(plans)
    .where(eq(plans.path, storedPlanPath(file, plansDir)));
  return plan ? { db, plan } : null;
}
