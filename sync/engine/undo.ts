// Undo: the plan's last change made through Tickmark, taken back by its recorded inverse edits (decision 019).
import { type Db } from '../../db/client';
import { lastChange } from '../../db/queries/write-back';
import { applyEdits, EditConflictError, parsePlan, type Edit } from '../../parser/index';
import { hashBytes } from '../hash';
import { recoverPlan } from '../recover';
import { recordUndo, type ChangeRow } from '../undo-rows';
import { writableTarget } from '../write-target';
import { applyOnce } from './apply-once';
import { crashPoint } from './crash-points';
import { NothingToUndoError } from './errors';
import { rememberModel, usableCurrent, type Current } from './model-cache';
import { retryOnLostConnection } from './retry-on-lost-connection';
import { type ChangeOptions, type PlanRef, type PlanRow, type UndoResult, type WriteProgress } from './types';
import { writeWithIntent } from './write-with-intent';

/** The plan's change an undo would revert, for the dashboard and `tickmark undo --dry-run`. */
export async function undoableChange(db: Db, planId: number): Promise<ChangeRow | null> {
  return lastChange(db, planId);
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
export async function undoInWriter(
  tx: Db,
  plan: PlanRow,
  file: string,
  cur: Current,
  last: ChangeRow,
  now: Date,
  opts: ChangeOptions,
  progress: WriteProgress,
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
  const { intentPath, written } = await writeWithIntent(file, target, bytes, cur.stamp, progress, {
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
  rememberModel(plan.id, { bytes, hash, text, model, written });
  return { edits: last.undo, intentPath };
}
