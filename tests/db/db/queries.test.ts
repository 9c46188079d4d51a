// The read-side queries the CLI and dashboard share: counts, next items, item filters and pagination,
// item history, the overview's phase/section progress and the burndown series (scope changes included).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { testDb, tempPlansDir, uniqueName } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { syncPlan } from '../../../sync/import';
import { burndownSeries } from '../../../db/queries/burndown';
import { getItemWithHistory, listItems, listPrefixes } from '../../../db/queries/items';
import { nextItems } from '../../../db/queries/next';
import { phaseCounts, planOutline, planProgress, sectionCounts } from '../../../db/queries/phases';
import { listPlans, planCounts, findPlan, getPlanBySlug, setPlanDates } from '../../../db/queries/plans';
import { asDiagnostics } from '../../../db/queries/diagnostics';

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
  expect(await planCounts(db, planId)).toEqual({
    total: 6,
    done: 1,
    inProgress: 1,
    todo: 3,
    cancelled: 1,
    remaining: 4,
    percent: 20,
  });
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
  const { finishCounts } = await import('../../../db/queries/counts');
  expect(finishCounts({ total: 10_000, done: 9_999, inProgress: 1, todo: 0, cancelled: 0 }).percent).toBe(99.9);
  expect(finishCounts({ total: 3, done: 2, inProgress: 0, todo: 0, cancelled: 1 }).percent).toBe(100);
  expect(finishCounts({ total: 1, done: 0, inProgress: 0, todo: 0, cancelled: 1 })).toMatchObject({
    percent: 0,
    remaining: 0,
  });
});

it('after the removal: the plan list carries diagnostics by severity and the last change; prefixes and outline', async () => {
  const f = path.join(dir, uniqueName('diag'));
  writeFileSync(f, '# D\n\n## Phase 1: A (5 items)\n\n- [x] **D-001**: one\n- [ ] **D-001**: the same ID again\n');
  const { planId: flawed } = await syncPlan(db, f, { plansDir: dir });
  const all = await listPlans(db);
  const diags = asDiagnostics((await getPlanBySlug(db, all.find((p) => p.id === flawed)!.slug))!.diagnostics);
  expect(all.find((p) => p.id === flawed)).toMatchObject({
    errorCount: diags.filter((d) => d.severity === 'error').length,
    warningCount: diags.filter((d) => d.severity === 'warning').length,
    lastEventAt: null,
  });
  expect(diags.filter((d) => d.severity === 'error').length).toBeGreaterThan(0); // the duplicate ID
  const listed = all.find((p) => p.id === planId)!;
  expect(listed.errorCount).toBe(0);
  expect(listed.lastEventAt?.toISOString()).toBe('2026-01-12T15:00:00.000Z');
  expect(listed.counts).toMatchObject({ total: 5, done: 1, remaining: 3, percent: 25 });
  expect(await listPrefixes(db, planId)).toEqual([
    { prefix: 'A', n: 2 },
    { prefix: 'B', n: 3 },
  ]);
  const outline = await planOutline(db, planId);
  expect(outline.phases.map((p) => p.key)).toEqual(['phase-1', 'phase-2']);
  expect(outline.sections.map((s) => [s.key, s.phaseKey])).toEqual([
    ['1.1', 'phase-1'],
    ['2.1', 'phase-2'],
  ]);
});

it('items by phase and section; the count can be memoized by the caller while the rows are read fresh', async () => {
  let counted = 0;
  const page = await listItems(
    db,
    { planId, phaseKey: 'phase-2', limit: 1 },
    { countWith: (count) => (counted++, count()) },
  );
  expect(page.items.map((i) => i.key)).toEqual(['B-002']);
  expect(page.total).toBe(3);
  expect(counted).toBe(1);
  const memo = await listItems(db, { planId, sectionKey: '1.1' }, { countWith: async () => 42 });
  expect(memo.items.map((i) => i.key)).toEqual(['A-001', 'A-002']);
  expect(memo.total).toBe(42);
  const a1 = await getItemWithHistory(db, planId, 'A-001');
  expect(a1!.phase).toMatchObject({ key: 'phase-1', number: 1 });
  expect(a1!.section).toEqual({ key: '1.1', number: '1.1', title: 'Alpha' });
});

it('the burndown ideal line follows the dates set on the plan', async () => {
  await setPlanDates(db, planId, { startDate: '2026-01-04', targetDate: '2026-02-28' });
  const b = await burndownSeries(db, planId, { today: new Date('2026-01-13T00:00:00Z') });
  expect(b.ideal).toEqual({ from: { date: '2026-01-04', value: 5 }, to: { date: '2026-02-28', value: 0 } });
  expect(b.points.map((p) => [p.day, p.remaining, p.scopeChange])).toEqual([
    ['2026-01-04', 5, 0],
    ['2026-01-05', 4, 0],
    ['2026-01-12', 3, -1],
    ['2026-01-13', 3, 0],
  ]);
  expect(b.weekly).toEqual([{ week: '2026-01-05', completed: 1 }]);
  await setPlanDates(db, planId, { startDate: '2026-01-01', targetDate: '2026-01-31' });
});

describe('the overview progress', () => {
  const LOOSE = `# Loose

- [x] **L-001**: loose one
- [x] **L-002**: loose two
- [ ] **L-003**: loose three

## Phase 1: Only

### 1.1 Alpha
- [x] **P-001**: one
- [ ] **P-002**: two
`;
  it('phases with their sections, items outside any phase gathered last, percent floored', async () => {
    const f = path.join(dir, uniqueName('loose'));
    writeFileSync(f, LOOSE);
    const { planId: id } = await syncPlan(db, f, { plansDir: dir });
    const p = await planProgress(db, id!);
    expect(p.total).toMatchObject({ total: 5, done: 3, percent: 60 });
    expect(
      p.phases.map((ph) => [ph.key, ph.total, ph.done, ph.percent, ph.sections.map((s) => [s.key, s.total, s.done])]),
    ).toEqual([['phase-1', 2, 1, 50, [['1.1', 2, 1]]]]);
    // 2 of 3: floored to 66.6, never rounded up.
    expect(p.outside).toMatchObject({
      key: '',
      name: 'Outside any phase',
      total: 3,
      done: 2,
      remaining: 1,
      percent: 66.6,
      sections: [],
    });
    expect((await phaseCounts(db, id!)).map((ph) => ph.key)).toEqual(['phase-1']);
  });
});
