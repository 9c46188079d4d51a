import { type Db } from '../../db/client';
import { planRowOf } from '../../db/queries/write-back';
import { type Edit } from '../../parser/index';
import { planFilePath } from '../config';
import { emitPlanChanged } from '../events';
import { fileErrorSentence, PlanWriteError } from '../file-error-sentences';
import { removeCommittedIntent } from '../recover';
import { FileMovedError, withPlanWriter } from '../writer';
import { UnknownPlanError } from './errors';
import { forgetModel } from './model-cache';
import { type ChangeOptions, type PlanRef, type PlanRow, type WriteBackOf, type WriteProgress } from './types';

/** Plan rows looked up before, per database and ref: a plan's slug and path never change (updatePlanHead leaves
 * them out), so a writer that notices a deleted plan itself (`remembered`) skips the lookup, a round trip per tick. */
const knownRowsOf = new WeakMap<Db, Map<string, PlanRow>>();

/** One change (status or structure) under the plan's single writer: re-done on a fresh read when an editor
 * saved in between; refusals commit the import that came before them. With `remembered`, the plan's row may
 * come from knownRows: `write` must throw UnknownPlanError when the plan is gone (then looked up afresh). */
export async function applyOnce<R>(
  db: Db,
  plan: PlanRef,
  opts: ChangeOptions,
  progress: WriteProgress,
  keys: string[],
  write: (tx: Db, row: PlanRow, file: string) => Promise<WriteBackOf<R>>,
  remembered = false,
): Promise<R & { edits: Edit[] }> {
  const ref = 'slug' in plan ? `slug:${plan.slug}` : `id:${plan.id}`;
  let knownRows = knownRowsOf.get(db);
  if (!knownRows) knownRowsOf.set(db, (knownRows = new Map()));
  const known = remembered ? knownRows.get(ref) : undefined;
  try {
    return await applyToRow(db, known ?? (await findPlan(db, plan)), opts, progress, keys, write, ref, knownRows);
  } catch (error) {
    if (!known || !(error instanceof UnknownPlanError)) throw error;
    // Deleted since (a slug may name a newer plan now): look it up again.
    knownRows.delete(ref);
    return applyOnce(db, plan, opts, progress, keys, write);
  }
}

async function applyToRow<R>(
  db: Db,
  row: PlanRow,
  opts: ChangeOptions,
  progress: WriteProgress,
  keys: string[],
  write: (tx: Db, row: PlanRow, file: string) => Promise<WriteBackOf<R>>,
  ref: string,
  knownRows: Map<string, PlanRow>,
): Promise<R & { edits: Edit[] }> {
  knownRows.set(ref, row);
  const file = planFilePath(row.path, opts.plansDir);
  let result: WriteBackOf<R>;
  for (let attempt = 0; ; attempt++) {
    try {
      result = await withPlanWriter(db, row.id, (tx) => write(tx, row, file));
      break;
    } catch (error) {
      forgetModel(row.id);
      // An editor saved between our read and our rename: read again and redo the change on its text, in a fresh
      // transaction (a write may have sent its rows before its file write failed).
      if (error instanceof FileMovedError && attempt < 20) continue;
      // A full disk, a permission or a read-only file system: say so in words, with the state of the document.
      const sentence = fileErrorSentence(error, file, progress.fileWritten);
      throw sentence ? new PlanWriteError(sentence, { cause: error }) : error;
    }
  }
  if (result.refused) {
    if (result.imported) emitPlanChanged({ planId: row.id, slug: row.slug, source: 'markdown' });
    throw result.refused;
  }
  if (result.intentPath) removeCommittedIntent(result.intentPath);
  if (result.edits.length || result.imported) {
    emitPlanChanged({ planId: row.id, slug: row.slug, source: opts.source, keys: result.keys ?? keys });
  }
  return { ...result.value, edits: result.edits };
}

async function findPlan(db: Db, plan: PlanRef): Promise<PlanRow> {
  const row = await planRowOf(db, plan);
  if (!row) throw new UnknownPlanError(plan);
  return row;
}
