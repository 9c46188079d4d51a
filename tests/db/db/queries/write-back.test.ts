// The tick's first read (decision 065): rendered once and mapped by hand from its columns, it must answer what
// drizzle's own selects answer for the same rows — the item with its dates and versions, the latest change not
// undone with its jsonb — and nothing where nothing matches.
import { desc, eq } from 'drizzle-orm';
import { copySeed, tempPlansDir, testDb } from '../../../helpers/database';
import { activeItem, tickState } from '../../../../db/queries/write-back';
import { changes } from '../../../../db/schema';
import { syncPlan } from '../../../../sync/import';
import { setStatus, undoLast } from '../../../../sync/engine';

it('answers as drizzle’s selects do for the item and the latest change not undone', async () => {
  const db = await testDb();
  const dir = tempPlansDir('tick-state');
  const file = copySeed(dir);
  const planId = (await syncPlan(db, file, { plansDir: dir })).planId!;
  const opts = { source: 'ui' as const, actor: 'alice', plansDir: dir, now: new Date(Date.UTC(2026, 11, 2, 9)) };

  const fresh = await tickState(db, planId, 'CACHE-001', true);
  expect(fresh).toEqual({
    path: expect.any(String),
    hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    item: await activeItem(db, planId, 'CACHE-001'),
    last: null, // no change written yet
  });
  expect(fresh?.item?.doneDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(fresh?.item?.updatedAt).toBeInstanceOf(Date);

  await setStatus(db, { id: planId }, 'CACHE-001', 'todo', opts);
  await setStatus(db, { id: planId }, 'CACHE-002', 'todo', { ...opts, note: 'blocked | waiting' });
  await undoLast(db, { id: planId }, opts);
  const written = await db.select().from(changes).where(eq(changes.planId, planId)).orderBy(desc(changes.id));
  const state = await tickState(db, planId, 'CACHE-001', true);
  expect(state?.item).toEqual(await activeItem(db, planId, 'CACHE-001'));
  expect(state?.item?.status).toBe('todo');
  expect(state?.item?.doneDate).toBeNull();
  // The undone change is passed over: the latest not undone is CACHE-001's, every column as drizzle reads it.
  expect(written[0].undoneAt).toBeInstanceOf(Date);
  expect(state?.last).toEqual(written[1]);
  expect(state?.last?.summary).toBe('CACHE-001 done → todo');
  expect(state?.last?.at).toBeInstanceOf(Date);

  // In a transaction, as the tick reads it (PGlite: a kept statement, its results parsed by db/pglite-statements.ts).
  expect(await db.transaction((tx) => tickState(tx, planId, 'CACHE-001', true))).toEqual(state);
  expect(await tickState(db, planId, 'CACHE-001', false)).toEqual({ ...state, last: null });
  expect((await tickState(db, planId, 'NO-SUCH-1', true))?.item).toBeNull();
  expect(await tickState(db, planId + 1000, 'CACHE-001', true)).toBeNull();
});
