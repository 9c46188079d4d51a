// The database half of an undo (decision 019): the change's events go, its items get back their status and
// completion date (a new version), the restored text is imported (log rows, stated numbers, sync state) and the
// change is marked undone. The engine runs it after writing the inverse; crash recovery (sync/recover.ts) runs
// it for an undo whose file write landed but whose commit did not (decision 030).
import type { Db } from '../db/client';
import type { ChangeRow } from '../db/queries/write-back';
import { markChangeUndone, restoreChangedItems } from '../db/writes/write-back';
import type { PlanModel } from '../parser/index';
import { importParsed } from './apply-model';

export type { ChangeRow };

export async function recordUndo(
  tx: Db,
  change: ChangeRow,
  written: { file: string; model: PlanModel; hash: string; size: number },
  opts: { now: Date; source: 'ui' | 'cli'; actor: string | null },
): Promise<void> {
  const planId = change.planId;
  await restoreChangedItems(tx, change, opts.now);
  await importParsed(
    tx,
    { planId, model: written.model, filePath: written.file, hash: written.hash, size: written.size },
    { now: opts.now, source: opts.source, actor: opts.actor },
  );
  await markChangeUndone(tx, change.id, { at: opts.now, by: opts.actor, source: opts.source });
}
