// A tick: one item's status set in the plan file and the database, through the plan's single writer.
//   settle leftover intents of a crashed writer (sync/recover.ts) → start creating the new file and the intent
//   → read the file → if it is not the text last synced, import it first (item by item, sync/apply-model.ts) →
//   check the caller's expectedVersion → compute the edits (status character and ✅, then the bookkeeping)
//   against the current text → write the intent and the new file side by side, and while they are fsynced send
//   in the same transaction the event, the item's new version, the sync state's new hash (and the lines of items
//   a new log row moved) → swap the new file in for the plan → commit → notify live pages.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type Db } from '../../db/client';
import { activeItem, planRowOf, tickState } from '../../db/queries/write-back';
import { type ItemRow } from '../../db/schema';
import { recordTick, replaceLogRowRange, setItemLines, setPhaseStatedCount } from '../../db/writes/write-back';
import {
  inverseEdits,
  itemIndex,
  localIsoDate,
  modelAfterEdits,
  parsePlan,
  PieceText,
  statusChangeEdits,
  UnknownItemError,
  type Change,
  type Edit,
  type PlanModel,
  type Status,
  type TextView,
} from '../../parser/index';
import { importParsed } from '../apply-model';
import { hashBytesAside } from '../hash';
import { recoverPlan } from '../recover';
import { statedNumbers, storedDiagnostics } from '../rows';
import { writableTarget } from '../write-target';
import { applyOnce } from './apply-once';
import { crashPoint } from './crash-points';
import { UnknownPlanError, VersionConflictError } from './errors';
import { logDifference, logRows, type LogRowValues } from './log-rows';
import { bytesAfterEdits, rememberModel, usableCurrent } from './model-cache';
import { retryOnLostConnection } from './retry-on-lost-connection';
import {
  type ChangeOptions,
  type ChangeResult,
  type PlanRef,
  type PlanRow,
  type WriteBackOf,
  type WriteProgress,
} from './types';
import { undoInWriter } from './undo';
import { withFilesAhead, writeWithIntent, type FilesAhead } from './write-with-intent';

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
    applyOnce(
      db,
      plan,
      opts,
      progress,
      [change.key],
      async (tx, row, file) => {
        await recoverPlan(tx, row.id, file);
        // The new file and the intent are created while the tick reads and computes (after the recovery, which
        // would take a fresh intent for a crashed writer's); removed when the tick writes nothing.
        return withFilesAhead(file, opts.plansDir, (ahead) => writeBack(tx, row, file, change, opts, progress, ahead));
      },
      true,
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
  ahead: FilesAhead | null,
): Promise<WriteBack> {
  const now = opts.now ?? new Date();
  const today = opts.today ?? localIsoDate(now);
  const cur = await usableCurrent(tx, plan.id, file);

  // The file moved since the last sync (an editor, a crash): import that first, item by item.
  // The sync state, the item and the last change in one round trip (the lock is held: nothing moves under us).
  // Only a completion without a note can be a re-tick, which needs the last change.
  const mayRetick = change.status === 'done' && !eventNote(change.note);
  const read = () => tickState(tx, plan.id, change.key, mayRetick);
  let state = await read();
  // The plan row may come from applyOnce's memory: the plan must still be the one with that file (deleted, or a
  // database restored under a running process, it is looked up afresh).
  const stored = state ? state.path : (await planRowOf(tx, { id: plan.id }))?.path;
  if (stored !== plan.path) throw new UnknownPlanError({ id: plan.id });
  let imported = false;
  if (!state || state.hash !== cur.hash) {
    await importParsed(
      tx,
      { planId: plan.id, model: cur.model, filePath: file, hash: cur.hash, size: cur.bytes.length },
      { now, source: 'markdown' },
    );
    imported = true;
    state = await read();
  }
  const item = state?.item ?? null;
  const at = itemIndex(cur.model.items).get(change.key);
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
  if (mayRetick) {
    const last = state?.last;
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
      const restored = (await activeItem(tx, plan.id, change.key))!;
      return {
        value: { item: restored, version: restored.version, restored: true },
        edits: undone.edits,
        intentPath: undone.intentPath,
        imported,
      };
    }
  }

  const statuses = new Map<string, Status>([[change.key, change.status]]);
  const edits = statusChangeEdits(cur.text, cur.model, change, today);
  // The bytes come from the cached bytes and the edits (refused here as applyEdits would refuse them).
  const bytes = bytesAfterEdits(plan.id, cur, edits);
  const hashing = hashBytesAside(bytes);
  const from = cur.model.items[at].status;

  // A symlink out of the plans folder or a read-only plan is refused before anything is written.
  const target = ahead?.target ?? writableTarget(file, opts.plansDir);
  const files = await ahead?.take();
  // The intent is written while the new file is: both are fsynced before the rename (sync/recover.ts).
  const writing = writeWithIntent(
    file,
    target,
    bytes,
    cur.stamp,
    progress,
    hashing.then((newHash) => ({
      planId: plan.id,
      key: change.key,
      from,
      to: change.status,
      at: now.toISOString(),
      source: opts.source,
      actor: opts.actor ?? null,
      oldHash: cur.hash,
      newHash,
    })),
    files,
  );

  // Meanwhile the model follows by offset and the rows are sent; the transaction commits once the file holds the
  // change. A failed write rolls it back and applyOnce forgets the model (a moved file: retried afresh).
  writing.catch(() => {}); // awaited below; meanwhile its failure is not unhandled
  // A turn of the event loop lets the write fill both files and ask for their fsyncs before the model is built;
  // another before the rows, for the rename and the folder's fsync: PGlite runs a statement on this thread for up
  // to a millisecond, and callbacks held behind it would leave the write waiting after it (decision 066).
  await nextTurn();
  let updated: ItemRow;
  let hash: string;
  let newLog: LogRowValues[];
  let text: TextView;
  let model: PlanModel;
  try {
    const oldLog = cur.logRows ?? logRows(cur.model); // kept from the tick before (a thousand rows on 10k)
    const oldPhaseCounts = cur.model.phases.map((p) => p.statedCount);
    const oldDiagnostics = JSON.stringify(cur.model.diagnostics);
    const oldLines = linesBefore(cur.model, edits);
    // Pieced, not copied: a fresh copy of a 1 MB plan's text costs ~9 ms of page faults a tick (decision 064).
    text = PieceText.of(cur.text, edits); // checked by bytesAfterEdits above
    model = modelAfterEdits(cur.model, text, edits, statuses, parsePlan);
    const changed = model.items[at];
    updated = {
      ...item,
      status: change.status,
      version: item.version + 1,
      doneDate: changed.doneDate,
      line: changed.line,
      updatedAt: now,
    };
    if (oldLines) await setItemLines(tx, plan.id, linesMoved(oldLines, model, change.key));
    for (const [i, p] of model.phases.entries()) {
      if (p.statedCount !== oldPhaseCounts[i]) {
        await setPhaseStatedCount(tx, plan.id, p.key, p.statedCount);
      }
    }
    newLog = logRows(model);
    const log = logDifference(oldLog, newLog);
    if (log.kind === 'many') await replaceLogRowRange(tx, plan.id, log);
    hash = await hashing;
    await nextTurn();
    await recordTick(tx, {
      planId: plan.id,
      at: now,
      source: opts.source,
      actor: opts.actor ?? null,
      itemId: item.id,
      from: item.status,
      to: change.status,
      version: updated.version,
      doneDate: updated.doneDate,
      line: updated.line,
      note: eventNote(change.note),
      stated: statedNumbers(model),
      // The tick can settle (or cause) count and log diagnostics: store them when they moved.
      diagnostics: JSON.stringify(model.diagnostics) === oldDiagnostics ? undefined : storedDiagnostics(model),
      logRow: log.kind === 'one' ? { position: log.position, row: log.row } : undefined,
      change: {
        summary: `${item.itemId ?? item.key} ${from} → ${change.status}`,
        oldHash: cur.hash,
        newHash: hash,
        undo: inverseEdits(edits),
        items: [{ key: item.key, status: from, to: change.status, doneDate: item.doneDate }],
      },
      synced: { hash, size: bytes.length, path: file },
    });
  } catch (error) {
    await writing.catch(() => {}); // settled first: the caller says whether the file holds the change
    throw error;
  }
  const { intentPath, written } = await writing;
  rememberModel(plan.id, { bytes, hash, text, model, written, logRows: newLog });
  crashPoint('before-commit');
  return { value: { item: updated, version: updated.version }, edits, intentPath, imported };
}

/** The items' lines before edits that add or remove a line break (a new day's log row), which move the items
 * below them; null when the edits move no line. (modelAfterEdits updates the model in place.) */
function linesBefore(model: PlanModel, edits: readonly Edit[]): number[] | null {
  const breaks = (s: string) => s.split('\n').length;
  return edits.every((e) => breaks(e.text) === breaks(e.expect)) ? null : model.items.map((i) => i.line);
}

/** The items whose line moved since `before` (same order), the changed one aside: its row is written whole. */
function linesMoved(before: number[], model: PlanModel, key: string): { key: string; line: number }[] {
  return model.items
    .filter((i, at) => i.key !== key && i.line !== before[at])
    .map((i) => ({ key: i.key, line: i.line }));
}
