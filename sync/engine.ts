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
import { and, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { dataDir, describeDatabase, getDb, type Db } from '../db/client';
import { DatabaseUnavailableError, isConnectionLost, rootReason } from '../db/errors';
import { changes as changeLog, items, phases, plans, progressLogRows, syncState, type ItemRow } from '../db/schema';
import {
  applyEdits,
  inverseEdits,
  applyStructureChanges,
  EditConflictError,
  parsePlan,
  planEdits,
  UnknownItemError,
  bookkeepingPlanner,
  localIsoDate,
  modelAfterEdits,
  StructureError,
  type AppliedStructure,
  type Change,
  type Edit,
  type PlanModel,
  type Status,
  type StructureChange,
  type StructureOutcome,
} from '../parser/index';
import { importParsed } from './apply-model';
import { planFilePath, storedPlanPath } from './config';
import { emitPlanChanged } from './events';
import { hashBytes } from './hash';
import { recoverPlan, removeIntent, writeIntent, type Intent } from './recover';
import { statedNumbers, storedDiagnostics } from './rows';
import { FileMovedError, replaceFileIfUnchanged, sameStamp, stampOf, withPlanWriter, type FileStamp } from './writer';
import { fileErrorSentence, PlanWriteError } from './file-error-sentences';
import { isBlankPlan, isCutShort, PlanFileUnusableError, SETTLE_ATTEMPTS, SETTLE_DELAY_MS } from './unusable-file';
import { writableTarget } from './write-target';
import { recordUndo, type ChangeRow } from './undo-rows';

export type PlanRef = { slug: string } | { id: number };

export interface ChangeOptions {
  actor?: string | null;
  source: 'ui' | 'cli';
  /** The item version the caller saw; an older one is a conflict, never a silent overwrite. */
  expectedVersion?: number;
  /** Fills the Notes cell of the progress-log row a completion writes. */
  note?: string;
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
  /** A same-day re-tick by whoever unticked it: the untick was undone (its event gone, no new one). */
  restored?: boolean;
}

export class UnknownPlanError extends Error {
  constructor(readonly plan: PlanRef) {
    super(`no tracked plan ${'slug' in plan ? `"${plan.slug}"` : `#${plan.id}`} (run \`tickmark sync\` to track it)`);
    this.name = 'UnknownPlanError';
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
export function setStatus(
  db: Db,
  plan: PlanRef,
  itemKey: string,
  status: Status,
  opts: ChangeOptions,
): Promise<ChangeResult> {
  // The actor is credited in the progress log's By/Who column, where the document keeps one.
  const by = opts.actor ?? undefined;
  return applyChange(db, plan, { kind: 'set-status', key: itemKey, status, note: opts.note, by }, opts);
}

/** Applies a change (today: a status change) through the plan's single writer. A lost database connection
 * becomes a DatabaseUnavailableError that says whether the file holds the change. */
export async function applyChange(db: Db, plan: PlanRef, change: Change, opts: ChangeOptions): Promise<ChangeResult> {
  return retryOnLostConnection(change.key, (progress) =>
    applyOnce(db, plan, opts, progress, [change.key], (tx, row, file) =>
      writeBack(tx, row, file, change, opts, progress),
    ),
  );
}

async function retryOnLostConnection<T>(
  what: string,
  run: (progress: { fileWritten: boolean }) => Promise<T>,
): Promise<T> {
  for (let retried = false; ; retried = true) {
    const progress = { fileWritten: false };
    try {
      return await run(progress);
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
          ? `the file holds the change to ${what}, but the database (${where}) went away before recording it: ${rootReason(error)}. It is recorded when the database is back (next change or server start).`
          : `cannot reach the database (${where}): ${rootReason(error)}. Nothing was changed; try again once it is back.`,
        { cause: error },
      );
    }
  }
}

type PlanRow = { id: number; slug: string; path: string };

/** One change (status or structure) under the plan's single writer: re-done on a fresh read when an editor
 * saved in between; refusals commit the import that came before them. */
async function applyOnce<R>(
  db: Db,
  plan: PlanRef,
  opts: ChangeOptions,
  progress: { fileWritten: boolean },
  keys: string[],
  write: (tx: Db, row: PlanRow, file: string) => Promise<WriteBackOf<R>>,
): Promise<R & { edits: Edit[] }> {
  const row = await findPlan(db, plan);
  const file = planFilePath(row.path, opts.plansDir);
  const result = await withPlanWriter(db, row.id, async (tx) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write(tx, row, file);
      } catch (error) {
        forgetModel(row.id);
        // An editor saved between our read and our rename: read again and redo the change on its text.
        if (error instanceof FileMovedError && attempt < 20) continue;
        throw error;
      }
    }
  }).catch((error: unknown) => {
    // A full disk, a permission or a read-only file system: say so in words, with the state of the document.
    const sentence = fileErrorSentence(error, file, progress.fileWritten);
    throw sentence ? new PlanWriteError(sentence, { cause: error }) : error;
  });
  if (result.refused) {
    if (result.imported) emitPlanChanged({ planId: row.id, slug: row.slug, source: 'markdown' });
    throw result.refused;
  }
  if (result.intentPath) await removeIntent(result.intentPath);
  if (result.edits.length || result.imported) {
    emitPlanChanged({ planId: row.id, slug: row.slug, source: opts.source, keys: result.keys ?? keys });
  }
  return { ...result.value, edits: result.edits };
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

/** The file as `current` reads it, once it can be used: while it is blank (and the plan has items), a strict
 * beginning of the text last read, or unreadable, wait briefly for the save in progress; then refuse with the
 * reason (a beginning that stays is taken: the end was deleted). Never imported over good data. */
async function usableCurrent(tx: Db, planId: number, file: string): Promise<Current> {
  const previous = cache.get(planId)?.bytes;
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    let cause: unknown;
    try {
      const cur = await current(planId, file);
      if (isBlankPlan(cur.text) && (await hasActiveItems(tx, planId))) {
        reason = `${file} is empty (an editor may be saving it)`;
      } else if (isCutShort(cur.bytes, previous) && attempt < SETTLE_ATTEMPTS) {
        reason = `${file} was cut short`;
      } else return cur;
    } catch (error) {
      if (isConnectionLost(error)) throw error;
      reason = error instanceof Error ? error.message : String(error);
      cause = error;
    }
    forgetModel(planId);
    if (attempt >= SETTLE_ATTEMPTS) {
      throw new PlanFileUnusableError(
        `${reason}; the change was not applied and the plan keeps its items. Try again once the file is saved.`,
        { cause },
      );
    }
    await new Promise((r) => setTimeout(r, SETTLE_DELAY_MS));
  }
}

async function hasActiveItems(tx: Db, planId: number): Promise<boolean> {
  const [row] = await tx
    .select({ id: items.id })
    .from(items)
    .where(and(eq(items.planId, planId), isNull(items.removedAt)))
    .limit(1);
  return !!row;
}

function indexOf(model: PlanModel): Map<string, number> {
  return new Map(model.items.map((item, i) => [item.key, i]));
}

// ---- one write-back, inside the plan lock -------------------------------------------------------------

type WriteBackOf<R> =
  | { value: R; edits: Edit[]; intentPath: string | null; imported: boolean; keys?: string[]; refused?: undefined }
  | { refused: Error; imported: boolean };

type WriteBack = WriteBackOf<{ item: ItemRow; version: number; restored?: boolean }>;

/** The note as the history keeps it: one line, null when there is none (the file's cell escapes its pipes). */
function eventNote(note: string | undefined): string | null {
  const line = (note ?? '').replace(/\s+/g, ' ').trim();
  return line === '' ? null : line;
}

async function writeBack(
  tx: Db,
  plan: PlanRow,
  file: string,
  change: Change,
  opts: ChangeOptions,
  progress: { fileWritten: boolean },
): Promise<WriteBack> {
  await recoverPlan(tx, plan.id, file);
  const now = opts.now ?? new Date();
  const today = opts.today ?? localIsoDate(now);
  const cur = await usableCurrent(tx, plan.id, file);

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
  if (!item || at === undefined) return { refused: new UnknownItemError(change.key, plan.slug), imported };
  if (opts.expectedVersion !== undefined && item.version !== opts.expectedVersion) {
    return { refused: new VersionConflictError(item, opts.expectedVersion), imported };
  }
  if (cur.model.items[at].status === change.status) {
    return { value: { item, version: item.version }, edits: [], intentPath: null, imported };
  }
  // Re-ticked the same day by whoever unticked it, nothing written since: undo the mis-click, so the item keeps
  // its completion date and its place in that day's log row. A re-tick with a note says something new: recorded.
  if (change.status === 'done' && !eventNote(change.note)) {
    const last = await lastChange(tx, plan.id);
    const only = last?.items.length === 1 ? last.items[0] : null;
    if (
      last &&
      only?.key === change.key &&
      only.status === 'done' &&
      only.to === item.status &&
      last.actor === (opts.actor ?? null) &&
      last.newHash === cur.hash &&
      localIsoDate(last.at) === today
    ) {
      const undone = await undoInWriter(tx, plan, file, cur, last, now, opts, progress);
      if (undone.refused) return { refused: undone.refused, imported };
      const [restored] = await tx
        .select()
        .from(items)
        .where(and(eq(items.planId, plan.id), eq(items.key, change.key), isNull(items.removedAt)));
      return {
        value: { item: restored, version: restored.version, restored: true },
        edits: undone.edits,
        intentPath: undone.intentPath,
        imported,
      };
    }
  }

  const statuses = new Map<string, Status>([[change.key, change.status]]);
  const edits = planEdits(cur.model, change, { today, planners: [bookkeepingPlanner(cur.text)] });
  const text = applyEdits(cur.text, edits);
  const bytes = Buffer.from(text, 'utf8');
  const hash = hashBytes(bytes);
  const from = cur.model.items[at].status;

  // A symlink out of the plans folder or a read-only plan is refused before anything is written.
  const target = writableTarget(file, opts.plansDir);
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
    await replaceFileIfUnchanged(
      target,
      bytes,
      cur.stamp,
      intent.then(() => crashPoint('after-intent')),
    );
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

  const updated: ItemRow = {
    ...item,
    status: change.status,
    version: item.version + 1,
    doneDate: changed.doneDate,
    line: changed.line,
    updatedAt: now,
  };
  for (const [i, p] of model.phases.entries()) {
    if (p.statedCount !== oldPhaseCounts[i]) {
      await tx
        .update(phases)
        .set({ statedCount: p.statedCount })
        .where(and(eq(phases.planId, plan.id), eq(phases.key, p.key)));
    }
  }
  const log = logDifference(oldLog, logRows(model));
  if (log.kind === 'many') await writeLogRows(tx, plan.id, log);
  // The rest of the tick in one statement (data-modifying CTEs: one round trip, one snapshot): the item, its
  // event, the stated numbers, the one log row a tick usually changes, and the sync state's new hash.
  const when = now.toISOString();
  // The tick can settle (or cause) count and log diagnostics: store them when they moved.
  const diagnosticsPart =
    JSON.stringify(model.diagnostics) === oldDiagnostics
      ? sql``
      : sql`, diagnostics = ${JSON.stringify(storedDiagnostics(model))}::jsonb`;
  const row = log.kind === 'one' ? log.row : null;
  const logPart = row
    ? sql`, l AS (UPDATE progress_log_rows SET week = ${row.week}, date = ${row.date}::date, items_raw = ${row.itemsRaw},
        ids = ${JSON.stringify(row.ids)}::jsonb, notes = ${row.notes}
        WHERE plan_id = ${plan.id} AND position = ${log.kind === 'one' ? log.position : -1})`
    : sql``;
  await tx.execute(sql`
    WITH u AS (UPDATE items SET status = ${updated.status}, version = ${updated.version}, done_date = ${updated.doneDate}::date,
        line = ${updated.line}, updated_at = ${when}::timestamptz WHERE id = ${item.id}),
      e AS (INSERT INTO item_events (plan_id, item_id, from_status, to_status, at, source, actor, note)
        VALUES (${plan.id}, ${item.id}, ${item.status}, ${change.status}, ${when}::timestamptz, ${opts.source}, ${opts.actor ?? null}, ${eventNote(change.note)})),
      p AS (UPDATE plans SET stated = ${JSON.stringify(statedNumbers(model))}::jsonb, updated_at = ${when}::timestamptz ${diagnosticsPart} WHERE id = ${plan.id})
      ${logPart}
      , c AS (INSERT INTO changes (plan_id, at, source, actor, summary, old_hash, new_hash, undo, items)
        VALUES (${plan.id}, ${when}::timestamptz, ${opts.source}, ${opts.actor ?? null},
          ${`${item.itemId ?? item.key} ${from} → ${change.status}`}, ${cur.hash}, ${hash},
          ${JSON.stringify(inverseEdits(edits))}::jsonb,
          ${JSON.stringify([{ key: item.key, status: from, to: change.status, doneDate: item.doneDate }])}::jsonb))
    UPDATE sync_state SET content_hash = ${hash}, size = ${bytes.length}, path = ${file}, synced_at = ${when}::timestamptz
    WHERE plan_id = ${plan.id}`);
  crashPoint('before-commit');
  return { value: { item: updated, version: updated.version }, edits, intentPath, imported };
}

// ---- structural changes (and many status changes) as one write-back ----------------------------------------

export interface StructureResult {
  /** Per change: the resulting key, ID and line (sync/engine's callers print these). */
  outcomes: StructureOutcome[];
  edits: Edit[];
}

/**
 * Applies structural changes (add, edit, move, remove items; add or rename sections; add phases) and status
 * changes — one or many, in order — to a plan file and its rows as ONE write: the same lock, crash intent,
 * atomic write and import-first as a tick. The rows follow the new text through import (removed items stay,
 * marked removed, with their history); an item without an ID whose key follows its title or section keeps
 * its row (and history) by being re-keyed first. `opts.expectedVersion` guards the first change's item.
 */
export function applyStructure(
  db: Db,
  plan: PlanRef,
  changes: StructureChange[],
  opts: ChangeOptions,
): Promise<StructureResult> {
  const keys = changes.map((c) => ('key' in c ? c.key : c.kind));
  return retryOnLostConnection(keys.join(', '), (progress) =>
    applyOnce(db, plan, opts, progress, keys, (tx, row, file) =>
      writeBackStructure(tx, row, file, changes, opts, progress),
    ),
  );
}

/** applyStructure for a plan named by its file (how `plan merge` and other tools address plans). */
export async function applyStructureToFile(
  db: Db,
  file: string,
  changes: StructureChange[],
  opts: ChangeOptions,
): Promise<StructureResult> {
  const [plan] = await db
    .select({ id: plans.id })
    .from(plans)
    .where(eq(plans.path, storedPlanPath(file, opts.plansDir)));
  if (!plan) throw new UnknownPlanError({ slug: file });
  return applyStructure(db, { id: plan.id }, changes, opts);
}

/** Sets many items' statuses in one write (the dashboard's selection, `tickmark set FILE ID… STATUS`). */
export function setStatuses(
  db: Db,
  plan: PlanRef,
  keys: string[],
  status: Status,
  opts: ChangeOptions,
): Promise<StructureResult> {
  return applyStructure(
    db,
    plan,
    keys.map((key) => ({ kind: 'set-status', key, status })),
    opts,
  );
}

async function writeBackStructure(
  tx: Db,
  plan: PlanRow,
  file: string,
  changes: StructureChange[],
  opts: ChangeOptions,
  progress: { fileWritten: boolean },
): Promise<WriteBackOf<{ outcomes: StructureOutcome[] }>> {
  await recoverPlan(tx, plan.id, file);
  const now = opts.now ?? new Date();
  const today = opts.today ?? localIsoDate(now);
  const cur = await current(plan.id, file);
  const size = (text: string) => Buffer.byteLength(text, 'utf8');
  const [state] = await tx.select({ hash: syncState.contentHash }).from(syncState).where(eq(syncState.planId, plan.id));
  let imported = false;
  if (!state || state.hash !== cur.hash) {
    await importParsed(
      tx,
      { planId: plan.id, model: cur.model, filePath: file, hash: cur.hash, size: size(cur.text) },
      { now, source: 'markdown' },
    );
    imported = true;
  }
  const rows = await tx
    .select({
      key: items.key,
      itemId: items.itemId,
      version: items.version,
      removedAt: items.removedAt,
      status: items.status,
      doneDate: items.doneDate,
    })
    .from(items)
    .where(eq(items.planId, plan.id));
  const first = changes[0];
  if (opts.expectedVersion !== undefined && first && 'key' in first) {
    const row = rows.find((r) => r.key === first.key && r.removedAt === null);
    if (row && row.version !== opts.expectedVersion) {
      const [current] = await tx
        .select()
        .from(items)
        .where(and(eq(items.planId, plan.id), eq(items.key, first.key), isNull(items.removedAt)));
      return { refused: new VersionConflictError(current, opts.expectedVersion), imported };
    }
  }
  // Every ID the plan ever had (removed items included) stays retired.
  const knownIds = rows.flatMap((r) => (r.itemId ? [r.itemId] : []));
  let applied: AppliedStructure;
  try {
    applied = applyStructureChanges(cur.text, changes, { today, knownIds, model: cur.model });
  } catch (error) {
    if (error instanceof StructureError || error instanceof EditConflictError) return { refused: error, imported };
    throw error;
  }
  const value = { outcomes: applied.outcomes };
  if (applied.text === cur.text) return { value, edits: [], intentPath: null, imported };

  const bytes = Buffer.from(applied.text, 'utf8');
  const hash = hashBytes(bytes);
  const intentPath = await writeWithIntent(file, file, bytes, cur.stamp, progress, {
    planId: plan.id,
    kind: 'structure',
    key: changes.map((c) => ('key' in c ? c.key : c.kind)).join(','),
    from: 'todo',
    to: 'todo',
    at: now.toISOString(),
    source: opts.source,
    actor: opts.actor ?? null,
    oldHash: cur.hash,
    newHash: hash,
  });

  // An item keyed by its title or section (no ID) gets a new key when edited or moved: its row follows.
  const taken = new Set(rows.map((r) => r.key));
  for (const o of applied.outcomes) {
    if (!o.previousKey || !o.key || taken.has(o.key)) continue;
    await tx
      .update(items)
      .set({ key: o.key })
      .where(and(eq(items.planId, plan.id), eq(items.key, o.previousKey)));
    taken.add(o.key);
  }
  const result = await importParsed(
    tx,
    { planId: plan.id, model: applied.model, filePath: file, hash, size: bytes.length },
    { now, source: opts.source, actor: opts.actor ?? null },
  );
  cache.set(plan.id, { bytes, hash, text: applied.text, model: applied.model, index: indexOf(applied.model) });
  // The whole change is one edit of the file: from its first changed byte to its last.
  const edits = [wholeEdit(cur.text, applied.text)];
  const statusItems = changes.flatMap((c) => {
    if (c.kind !== 'set-status') return [];
    const r = rows.find((x) => x.key === c.key && x.removedAt === null);
    return r ? [{ key: r.key, status: r.status, to: c.status, doneDate: r.doneDate }] : [];
  });
  await tx.insert(changeLog).values({
    planId: plan.id,
    at: now,
    source: opts.source,
    actor: opts.actor ?? null,
    summary: changes.map(describeChange).join(', '),
    oldHash: cur.hash,
    newHash: hash,
    undo: inverseEdits(edits),
    items: statusItems,
    role: changes.every((c) => c.kind === 'set-status') ? 'contributor' : 'lead',
  });
  crashPoint('before-commit');
  return { value, edits, intentPath, imported, keys: result.changedKeys };
}

function describeChange(c: StructureChange): string {
  switch (c.kind) {
    case 'set-status':
      return `${c.key} → ${c.status}`;
    case 'set-dates':
      return `dates ${c.startDate ?? '–'} → ${c.targetDate ?? '–'}`;
    case 'add-item':
      return `added "${c.title}"`;
    case 'add-section':
    case 'add-phase':
      return c.kind.replace('-', ' ');
    case 'rename-section':
      return `renamed section ${c.section}`;
    case 'set-coverage':
      return c.summary;
    default:
      return `${c.kind.replace('-item', '')} ${c.key}`;
  }
}

// ---- undo -----------------------------------------------------------------------------------------------------

/** The plan's latest change not yet undone (undoing the latest makes the one before it the latest). */
async function lastChange(tx: Db, planId: number): Promise<ChangeRow | null> {
  const [row] = await tx
    .select()
    .from(changeLog)
    .where(and(eq(changeLog.planId, planId), isNull(changeLog.undoneAt)))
    .orderBy(desc(changeLog.id))
    .limit(1);
  return row ?? null;
}

/** The plan's change an undo would revert, for the dashboard and `tickmark undo --dry-run`. */
export async function undoableChange(db: Db, planId: number): Promise<ChangeRow | null> {
  return lastChange(db, planId);
}

export class NothingToUndoError extends Error {
  readonly name = 'NothingToUndoError';
}

export interface UndoResult {
  summary: string;
  edits: Edit[];
}

/**
 * Undoes the plan's last change made through Tickmark: the exact previous bytes of the lines it touched (its
 * inverse edits, refused when the text has changed since — then nothing is done), the items' previous
 * status and completion date, and the events it recorded taken back.
 */
export function undoLast(db: Db, plan: PlanRef, opts: ChangeOptions & { changeId?: number }): Promise<UndoResult> {
  return retryOnLostConnection('the last change', (progress) =>
    applyOnce(db, plan, opts, progress, [], async (tx, row, file) => {
      await recoverPlan(tx, row.id, file);
      const now = opts.now ?? new Date();
      const cur = await usableCurrent(tx, row.id, file);
      const last = await lastChange(tx, row.id);
      if (!last) return { refused: new NothingToUndoError(`nothing to undo in ${row.path}`), imported: false };
      // The caller checked the role for the change it showed: a newer one is not undone in its place.
      if (opts.changeId !== undefined && last.id !== opts.changeId) {
        const now = `the last change is now "${last.summary}"`;
        return { refused: new NothingToUndoError(`${now}; reload to see it — nothing was undone`), imported: false };
      }
      const undone = await undoInWriter(tx, row, file, cur, last, now, opts, progress);
      if (undone.refused) return { refused: undone.refused, imported: false };
      return {
        value: { summary: last.summary },
        edits: undone.edits,
        intentPath: undone.intentPath,
        imported: false,
        keys: last.items.map((i) => i.key),
      };
    }),
  );
}

/** Inside the plan's writer: write the change's inverse and restore its rows, or say why not. */
async function undoInWriter(
  tx: Db,
  plan: PlanRow,
  file: string,
  cur: Current,
  last: ChangeRow,
  now: Date,
  opts: ChangeOptions,
  progress: { fileWritten: boolean },
): Promise<{ edits: Edit[]; intentPath: string; refused?: undefined } | { refused: Error }> {
  const changed = () =>
    new NothingToUndoError(
      `${plan.path} changed since "${last.summary}" (${last.at.toISOString()}); it cannot be undone safely, nothing was changed`,
    );
  if (cur.hash !== last.newHash) return { refused: changed() };
  let text: string;
  try {
    text = applyEdits(cur.text, last.undo);
  } catch (error) {
    if (error instanceof EditConflictError) return { refused: changed() };
    throw error;
  }
  const bytes = Buffer.from(text, 'utf8');
  const hash = hashBytes(bytes);
  if (hash !== last.oldHash) return { refused: changed() };
  // An intent beside the file, as for a tick: a crash between this write and the commit is finished on the
  // next start (sync/recover.ts, decision 030) instead of being read as an editor's change.
  const target = writableTarget(file, opts.plansDir);
  const intentPath = await writeWithIntent(file, target, bytes, cur.stamp, progress, {
    kind: 'undo',
    changeId: last.id,
    planId: plan.id,
    key: last.items[0]?.key ?? '',
    from: 'todo',
    to: 'todo',
    at: now.toISOString(),
    source: opts.source,
    actor: opts.actor ?? null,
    oldHash: cur.hash,
    newHash: hash,
  });
  const model = parsePlan(text);
  await recordUndo(
    tx,
    last,
    { file, model, hash, size: bytes.length },
    { now, source: opts.source, actor: opts.actor ?? null },
  );
  crashPoint('before-commit');
  cache.set(plan.id, { bytes, hash, text, model, index: indexOf(model) });
  return { edits: last.undo, intentPath };
}

/** Replaces the plan file (at `target`, where a symlink leads) with `bytes` (refused when it moved since `stamp`)
 * while the crash intent beside `file` is written; returns the intent's path, to remove after the commit. */
async function writeWithIntent(
  file: string,
  target: string,
  bytes: Buffer,
  stamp: FileStamp,
  progress: { fileWritten: boolean },
  intent: Intent,
): Promise<string> {
  const written = writeIntent(file, intent);
  try {
    await replaceFileIfUnchanged(
      target,
      bytes,
      stamp,
      written.then(() => crashPoint('after-intent')),
    );
  } catch (error) {
    await written.then(removeIntent, () => {}); // nothing was written
    throw error;
  }
  const path = await written;
  progress.fileWritten = true;
  crashPoint('after-file-write');
  return path;
}

/** The smallest single edit turning `before` into `after` (common prefix and suffix kept). */
function wholeEdit(before: string, after: string): Edit {
  let head = 0;
  const max = Math.min(before.length, after.length);
  while (head < max && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < max - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return {
    start: head,
    end: before.length - tail,
    expect: before.slice(head, before.length - tail),
    text: after.slice(head, after.length - tail),
  };
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
    a.week === b.week &&
    a.date === b.date &&
    a.itemsRaw === b.itemsRaw &&
    a.notes === b.notes &&
    a.ids.join('\u0000') === b.ids.join('\u0000');
  let head = 0;
  while (head < old.length && head < next.length && same(old[head], next[head])) head++;
  let tail = 0;
  while (
    tail < old.length - head &&
    tail < next.length - head &&
    same(old[old.length - 1 - tail], next[next.length - 1 - tail])
  )
    tail++;
  const oldEnd = old.length - tail;
  const newEnd = next.length - tail;
  if (oldEnd === head && newEnd === head) return { kind: 'none' };
  if (oldEnd - head === 1 && newEnd - head === 1) return { kind: 'one', position: head, row: next[head] };
  return { kind: 'many', head, oldEnd, newEnd, rows: next.slice(head, newEnd) };
}

async function writeLogRows(tx: Db, planId: number, d: Extract<LogDifference, { kind: 'many' }>): Promise<void> {
  await tx
    .delete(progressLogRows)
    .where(
      and(
        eq(progressLogRows.planId, planId),
        gte(progressLogRows.position, d.head),
        lt(progressLogRows.position, d.oldEnd),
      ),
    );
  if (d.newEnd !== d.oldEnd) {
    await tx
      .update(progressLogRows)
      .set({ position: sql`${progressLogRows.position} + ${d.newEnd - d.oldEnd}` })
      .where(and(eq(progressLogRows.planId, planId), gte(progressLogRows.position, d.oldEnd)));
  }
  if (d.rows.length)
    await tx.insert(progressLogRows).values(d.rows.map((r, i) => ({ planId, ...r, position: d.head + i })));
}

function logRows(model: PlanModel) {
  return (model.log?.weeks ?? []).flatMap((w) =>
    w.rows.map((r) => ({ week: w.title, date: r.date, itemsRaw: r.itemsRaw, ids: r.ids, notes: r.notes })),
  );
}

/** Fault injection for the crash tests: `TICKMARK_CRASH_AT=after-file-write` kills the process right there
 * (a real process exit, as a power cut or a kill -9 would); with `TICKMARK_CRASH_MODE=throw` the write-back
 * stops there by an exception instead (its transaction rolls back, what is on disk stays), so a test can
 * crash it many times in one process. */
export const CRASH_POINTS = ['after-intent', 'after-file-write', 'before-commit'] as const;

function crashPoint(name: (typeof CRASH_POINTS)[number]): void {
  if (process.env.TICKMARK_CRASH_AT !== name) return;
  if (process.env.TICKMARK_CRASH_MODE === 'throw') throw new Error(`injected crash at ${name}`);
  process.kill(process.pid, 'SIGKILL');
}

/**
 * The database and plan tracking `file`, or null when the file is not tracked — or no database exists yet:
 * `tickmark set` on a loose file must not create one. A database held by another process (the dashboard
 * server on the embedded PGlite) also gives null: `tickmark set` then hands the change to that server
 * (sync/handover.ts).
 */
export async function trackedPlanOf(
  file: string,
  plansDir?: string,
): Promise<{ db: Db; plan: { id: number; slug: string } } | null> {
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
