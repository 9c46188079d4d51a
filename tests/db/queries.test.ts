// The read-side queries the CLI and dashboard share: counts, next items, item filters and pagination,
// item history and the burndown series (scope changes included).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { testDb, tempPlansDir, uniqueName } from './setup';
import type { Db } from '../../db/client';
import { syncPlan } from '../../sync/import';
import { burndownSeries } from '../../db/queries/burndown';
import { getItemWithHistory, listItems } from '../../db/queries/items';
import { nextItems } from '../../db/queries/next';
import { phaseCounts, sectionCounts } from '../../db/queries/phases';
import { listPlans, planCounts, findPlan } from '../../db/queries/plans';

const PLAN = `# Q plan

**Start Date**: 2026-01-01
**Target Date**: 2026-01-31

## Phase 1: LOW Priority Items (2 items)

### 1.1 Alpha
- [x] **A-001**: one ✅ 2026-01-05
- [ ] **A-002**: two

## Phase 2: HIGH Priority Items (3 items)

### 2.1 Beta
- [ ] **B-001**: three
- [/] **B-002**: four
- [-] **B-003**: five
- [ ]* **B-004**: optional six
`;

let db: Db;
let planId: number;
let file: string;
let dir: string;
beforeAll(async () => {
  db = await testDb();
  dir = tempPlansDir('queries');
  file = path.join(dir, uniqueName('q'));
  writeFileSync(file, PLAN);
  const r = await syncPlan(db, file, { plansDir: dir, now: new Date('2026-01-10T09:00:00Z') });
  planId = r.planId!;
});

it('counts per plan, phase and section from the items; cancelled items are not remaining', async () => {
  expect(await planCounts(db, planId)).toEqual({ total: 6, done: 1, inProgress: 1, todo: 3, cancelled: 1, remaining: 4, percent: 20 });
  const phases = await phaseCounts(db, planId);
  expect(phases.map((p) => [p.key, p.priority, p.total, p.done, p.remaining, p.statedCount])).toEqual([
    ['phase-1', 'LOW', 2, 1, 1, 2],
    ['phase-2', 'HIGH', 4, 0, 3, 3],
  ]);
  expect((await sectionCounts(db, planId)).map((s) => [s.key, s.total])).toEqual([
    ['1.1', 2],
    ['2.1', 4],
  ]);
  const listed = (await listPlans(db)).find((p) => p.id === planId)!;
  expect(listed.counts.total).toBe(6);
  expect(listed.syncedAt).toBeInstanceOf(Date);
  expect((await findPlan(db, listed.slug))?.id).toBe(planId);
  expect((await findPlan(db, listed.path))?.id).toBe(planId);
});

it('next: started items first, then the HIGH phase before the LOW one, optional items last in their phase', async () => {
  const next = await nextItems(db, { planId, limit: 10 });
  expect(next.map((n) => n.key)).toEqual(['B-002', 'B-001', 'B-004', 'A-002']);
  expect(await nextItems(db, { planId, limit: 2 })).toHaveLength(2);
});

it('lists items by prefix, status and search, with pagination and a total', async () => {
  const b = await listItems(db, { planId, prefix: 'b' });
  expect(b.items.map((i) => i.key)).toEqual(['B-001', 'B-002', 'B-003', 'B-004']);
  const todo = await listItems(db, { planId, status: ['todo', 'in-progress'], limit: 2, offset: 1 });
  expect(todo.total).toBe(4);
  expect(todo.items.map((i) => i.key)).toEqual(['B-001', 'B-002']);
  const found = await listItems(db, { planId, search: 'OPTIONAL' });
  expect(found.items.map((i) => i.key)).toEqual(['B-004']);
  // LIKE wildcards in the search are literal.
  expect((await listItems(db, { planId, search: '%' })).total).toBe(0);
});

it('burndown: the text done-date is backdated; a removal drops scope; dates and ideal line come from the plan', async () => {
  const a1 = await getItemWithHistory(db, planId, 'A-001');
  expect(a1!.events.map((e) => [e.fromStatus, e.toStatus, e.source, e.at.toISOString()])).toEqual([
    ['todo', 'done', 'log', '2026-01-05T12:00:00.000Z'],
  ]);
  // Remove B-001 on the 12th.
  writeFileSync(file, PLAN.replace('- [ ] **B-001**: three\n', ''));
  await syncPlan(db, file, { plansDir: dir, now: new Date('2026-01-12T15:00:00Z') });
  const b = await burndownSeries(db, planId, { today: new Date('2026-01-13T00:00:00Z') });
  expect(b.startDate).toBe('2026-01-01');
  expect(b.targetDate).toBe('2026-01-31');
  expect(b.ideal).toEqual({ from: { date: '2026-01-01', value: 5 }, to: { date: '2026-01-31', value: 0 } });
  const day = (d: string) => b.days.find((x) => x.date === d);
  expect(b.days[0].date).toBe('2026-01-01');
  expect(b.days.at(-1)!.date).toBe('2026-01-13');
  // In scope: everything but the cancelled item (5); A-001 done from the 5th; B-001 out of scope from the 12th.
  expect(day('2026-01-04')).toEqual({ date: '2026-01-04', scope: 5, done: 0, remaining: 5 });
  expect(day('2026-01-05')).toEqual({ date: '2026-01-05', scope: 5, done: 1, remaining: 4 });
  expect(day('2026-01-11')).toEqual({ date: '2026-01-11', scope: 5, done: 1, remaining: 4 });
  expect(day('2026-01-12')).toEqual({ date: '2026-01-12', scope: 4, done: 1, remaining: 3 });
  const removed = await listItems(db, { planId, includeRemoved: true, prefix: 'B' });
  expect(removed.items.find((i) => i.key === 'B-001')?.removedAt).toBeInstanceOf(Date);
  expect((await listItems(db, { planId, prefix: 'B' })).total).toBe(3);
});

it('percent never reads 100 before everything is done', async () => {
  const { finishCounts } = await import('../../db/queries/counts');
  expect(finishCounts({ total: 10_000, done: 9_999, inProgress: 1, todo: 0, cancelled: 0 }).percent).toBe(99.9);
  expect(finishCounts({ total: 3, done: 2, inProgress: 0, todo: 0, cancelled: 1 }).percent).toBe(100);
  expect(finishCounts({ total: 1, done: 0, inProgress: 0, todo: 0, cancelled: 1 })).toMatchObject({ percent: 0, remaining: 0 });
});
