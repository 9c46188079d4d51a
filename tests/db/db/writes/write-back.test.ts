// The tick's write (db/writes/write-back.ts): one statement that must touch only the rows it names, however
// long the plan's history and log. Rows read are counted by the transaction's own statistics.
import { and, eq } from 'drizzle-orm';
import { activeItem } from '../../../../db/queries/write-back';
import { progressLogRows } from '../../../../db/schema';
import { recordTick } from '../../../../db/writes/write-back';
import { syncPlan } from '../../../../sync/import';
import { copySeed, rowsReadInTransaction, tempPlansDir, testDb } from '../../../helpers/database';

it('rewrites a progress-log row by its position without reading the rest of the log', async () => {
  const db = await testDb();
  const dir = tempPlansDir('log-row-write');
  const planId = (await syncPlan(db, copySeed(dir), { plansDir: dir })).planId!;
  const logRows = await db.select().from(progressLogRows).where(eq(progressLogRows.planId, planId));
  expect(logRows.length).toBeGreaterThan(20);
  const item = (await activeItem(db, planId, 'CACHE-001'))!;
  const position = 5;
  const row = { week: 'Week 9', date: '2026-12-03', itemsRaw: 'CACHE-001', ids: ['CACHE-001'], notes: 'by position' };

  await db.transaction(async (tx) => {
    const before = await rowsReadInTransaction(tx, 'progress_log_rows');
    await recordTick(tx, {
      planId,
      at: new Date(Date.UTC(2026, 11, 3, 9)),
      source: 'ui',
      actor: 'alice',
      itemId: item.id,
      from: item.status,
      to: 'todo',
      version: item.version + 1,
      doneDate: null,
      line: item.line,
      note: null,
      stated: {},
      logRow: { position, row },
      change: { summary: 'CACHE-001 done → todo', oldHash: 'a', newHash: 'b', undo: [], items: [] },
      synced: { hash: 'b', size: 1, path: 'plan.md' },
    });
    expect((await rowsReadInTransaction(tx, 'progress_log_rows')) - before).toBeLessThanOrEqual(1);
  });

  const after = await db
    .select()
    .from(progressLogRows)
    .where(and(eq(progressLogRows.planId, planId), eq(progressLogRows.position, position)));
  expect(after).toEqual([{ ...logRows.find((r) => r.position === position), ...row }]);
  const others = (await db.select().from(progressLogRows).where(eq(progressLogRows.planId, planId))).filter(
    (r) => r.position !== position,
  );
  expect(others).toEqual(expect.arrayContaining(logRows.filter((r) => r.position !== position)));
  expect(others).toHaveLength(logRows.length - 1);
});
