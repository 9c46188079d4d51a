import { type Db } from '../../db/client';
import { planRowOf } from '../../db/queries/write-back';
import { type Edit } from '../../parser/index';
import { planFilePath } from '../config';
import { emitPlanChanged } from '../events';
import { fileErrorSentence, PlanWriteError } from '../file-error-sentences';
import { removeIntent } from '../recover';
import { FileMovedError, withPlanWriter } from '../writer';
import { UnknownPlanError } from './errors';
import { forgetModel } from './model-cache';
import { type ChangeOptions, type PlanRef, type PlanRow, type WriteBackOf, type WriteProgress } from './types';

/** One change (status or structure) under the plan's single writer: re-done on a fresh read when an editor
 * saved in between; refusals commit the import that came before them. */
export async function applyOnce<R>(
  db: Db,
  plan: PlanRef,
  opts: ChangeOptions,
  progress: WriteProgress,
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

async function findPlan(db: Db, plan: PlanRef): Promise<PlanRow> {
  const row = await planRowOf(db, plan);
  if (!row) throw new UnknownPlanError(plan);
  return row;
}
