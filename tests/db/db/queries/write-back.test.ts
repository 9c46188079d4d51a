// The tick's first read (decision 065): rendered once and mapped by hand from its columns, it must answer what
// drizzle's own selects answer for the same rows — the item with its dates and versions, the latest change not
// undone with its jsonb — and nothing where nothing matches.
import { desc, eq } from 'drizzle-orm';
import { copySeed, rowsReadInTransaction, tempPlansDir, testDb } from '../../../helpers/database';
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

// A completion reads the latest change not undone; a plan's history only grows. PGlite has no autovacuum, so the
// planner has no statistics: without an index of the live changes it read all of them and sorted (1.7 ms a tick
// at 3,000 changes). Counted by the transaction's own statistics, which no other session moves.
it('reads one change to find the latest not undone, however long the history', async () => {
  const db = await testDb();
  const dir = tempPlansDir('tick-state-history');
  const planId = (await syncPlan(db, copySeed(dir), { plansDir: dir })).planId!;
  const at = new Date(Date.UTC(2026, 11, 2, 9));
  const change = (i: number) => ({
    planId,
    at,
    source: 'ui' as const,
    summary: `change ${i}`,
    oldHash: 'a',
    newHash: 'b',
    // A tick's inverse edits: its rows fill pages as a real history's do (the planner weighs pages).
    undo: Array.from({ length: 8 }, (_, k) => ({ start: k, end: k + 1, expect: 'x'.repeat(60), text: 'y' })),
    undoneAt: i % 3 === 0 ? at : null,
  });
  await db.insert(changes).values(Array.from({ length: 600 }, (_, i) => change(i + 1)));

  await db.transaction(async (tx) => {
    const before = await rowsReadInTransaction(tx, 'changes');
    const state = await tickState(tx, planId, 'CACHE-001', true);
    expect(state?.last?.summary).toBe('change 599'); // 600 is undone
    expect((await rowsReadInTransaction(tx, 'changes')) - before).toBeLessThanOrEqual(2);
  });
});
