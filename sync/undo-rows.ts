// The database half of an undo (decision 019): the change's events go, its items get back their status and
// completion date (a new version), the restored text is imported (log rows, stated numbers, sync state) and the
// change is marked undone. The engine runs it after writing the inverse; crash recovery (sync/recover.ts) runs
// it for an undo whose file write landed but whose commit did not (decision 030).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { changes, itemEvents, items } from '../db/schema';
import type { PlanModel, Status } from '../parser/index';
import { importParsed } from './apply-model';

export type ChangeRow = typeof changes.$inferSelect;

export async function recordUndo(
  tx: Db,
  change: ChangeRow,
  written: { file: string; model: PlanModel; hash: string; size: number },
  opts: { now: Date; source: 'ui' | 'cli'; actor: string | null },
): Promise<void> {
  const planId = change.planId;
  await tx
    .delete(itemEvents)
    .where(and(eq(itemEvents.planId, planId), eq(itemEvents.at, change.at), eq(itemEvents.source, change.source)));
  for (const it of change.items) {
    await tx
      .update(items)
      .set({
        status: it.status as Status,
        doneDate: it.doneDate,
        version: sql`${items.version} + 1`,
        updatedAt: opts.now,
      })
      .where(and(eq(items.planId, planId), eq(items.key, it.key), isNull(items.removedAt)));
  }
  await importParsed(
    tx,
    { planId, model: written.model, filePath: written.file, hash: written.hash, size: written.size },
    { now: opts.now, source: opts.source, actor: opts.actor },
  );
  await tx
    .update(changes)
    .set({ undoneAt: opts.now, undoneBy: opts.actor, undoneSource: opts.source })
    .where(eq(changes.id, change.id));
}
