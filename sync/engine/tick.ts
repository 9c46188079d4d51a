// A tick: one item's status set in the plan file and the database, through the plan's single writer.
//   settle leftover intents of a crashed writer (sync/recover.ts) → read the file → if it is not the text last
//   synced, import it first (item by item, sync/apply-model.ts) → check the caller's expectedVersion → compute
//   the edits (status character and ✅, then the bookkeeping) against the current text → write an intent and
//   the new file side by side → rename the new file over the plan → in the same transaction: the event, the
//   item's new version, the sync state's new hash → notify live pages.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Db } from '../../db/client';
import { items, phases, syncState, type ItemRow } from '../../db/schema';
import {
  applyEdits,
  bookkeepingPlanner,
  inverseEdits,
  localIsoDate,
  modelAfterEdits,
  parsePlan,
  planEdits,
  UnknownItemError,
  type Change,
  type Status,
} from '../../parser/index';
import { importParsed } from '../apply-model';
import { hashBytes } from '../hash';
import { recoverPlan } from '../recover';
import { statedNumbers, storedDiagnostics } from '../rows';
import { writableTarget } from '../write-target';
import { applyOnce } from './apply-once';
import { crashPoint } from './crash-points';
import { VersionConflictError } from './errors';
import { logDifference, logRows, writeLogRows } from './log-rows';
import { rememberModel, usableCurrent } from './model-cache';
import { retryOnLostConnection } from './retry-on-lost-connection';
import {
  type ChangeOptions,
  type ChangeResult,
  type PlanRef,
  type PlanRow,
  type WriteBackOf,
  type WriteProgress,
} from './types';
import { lastChange, undoInWriter } from './undo';
import { writeWithIntent } from './write-with-intent';

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
  progress: WriteProgress,
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
  const intentPath = await writeWithIntent(file, target, bytes, cur.stamp, progress, {
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

  // The file now holds the change: the model follows by offset, the database in this transaction.
  const oldLog = logRows(cur.model);
  const oldPhaseCounts = cur.model.phases.map((p) => p.statedCount);
  const oldDiagnostics = JSON.stringify(cur.model.diagnostics);
  const model = modelAfterEdits(cur.model, text, edits, statuses, parsePlan);
  rememberModel(plan.id, { bytes, hash, text, model, index: cur.index });
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
