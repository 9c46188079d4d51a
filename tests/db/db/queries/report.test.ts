// The weekly report from a plan's history (db/queries/report.ts + report/model.ts): the example plan's ISO week
// and document weeks, counts and forecast as of a past week's end, later ticks and additions, time zones, and
// the one-line refusals for weeks that cannot be reported.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { copySeed, editOnce, tempPlansDir, testDb, uniqueName } from '../../../helpers/database';
import type { Db } from '../../../../db/client';
import { plans, type Plan } from '../../../../db/schema';
import { syncPlan } from '../../../../sync/import';
import { setStatus } from '../../../../sync/engine';
import { allPlansReport, planReport, WeekError } from '../../../../db/queries/report';
import { diagnosticDigest } from '../../../../db/writes/diagnostic-digest';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

async function planOf(planId: number): Promise<Plan> {
  const [p] = await db.select().from(plans).where(eq(plans.id, planId));
  return p;
}

describe('the example plan', () => {
  let seed: Plan;
  const now = new Date('2026-03-01T10:00:00Z');
  beforeAll(async () => {
    const dir = tempPlansDir('report-seed');
    const r = await syncPlan(db, copySeed(dir), { plansDir: dir, now });
    seed = await planOf(r.planId!);
  });

  it('ISO week 2026-W01 lists 128 completions: 56, 41 and 31 by phase', async () => {
    const r = await planReport(db, seed, { week: '2026-W01' }, { now });
    expect(r.week).toEqual({ id: '2026-W01', kind: 'iso', start: '2025-12-29', end: '2026-01-04' });
    expect(r.completed).toHaveLength(128);
    expect(r.byPhase.map((p) => p.completedThisWeek)).toEqual([56, 41, 31]);
    expect(r.byPhase.map((p) => [p.total, p.done, p.remaining])).toEqual([
      [56, 56, 0],
      [41, 41, 0],
      [31, 31, 0],
    ]);
    expect(r.counts).toEqual({ total: 128, done: 128, inProgress: 0, cancelled: 0, remaining: 0 });
    expect(r.forecast.status).toBe('done');
    const cache1 = r.completed.find((c) => c.id === 'CACHE-001')!;
    expect(cache1).toMatchObject({ date: '2026-01-02', source: 'log', phase: 'Phase 1: HIGH Priority Items' });
    expect(cache1.section).toBe('1.1 Caching Problems & Solutions');
    expect(r.history.at(-1)).toMatchObject({ id: '2026-W01', completed: 128, scope: 128, done: 128 });
    expect(r.history.at(-2)).toMatchObject({ id: '2025-W52', completed: 0, scope: 128, done: 0 });
  });

  it('the document\'s "Week 1" lists 56 and "Week 2" 72', async () => {
    const w1 = await planReport(db, seed, { week: 'Week 1' }, { now });
    expect(w1.week).toMatchObject({ kind: 'document', start: '2026-01-02', end: '2026-01-02' });
    expect(w1.completed).toHaveLength(56);
    // As of the end of Week 1, phases 2 and 3 were still to do.
    expect(w1.counts).toMatchObject({ done: 56, remaining: 72 });
    const w2 = await planReport(db, seed, { week: 'Week 2' }, { now });
    expect(w2.completed).toHaveLength(72);
    expect(w2.byPhase.map((p) => p.completedThisWeek)).toEqual([0, 41, 31]);
    expect(w2.headline.previousWeek).toBe(56);
  });

  it('a past week forecasts from what was known at its end: one week of history is not enough', async () => {
    const w1 = await planReport(db, seed, { week: 'Week 1' }, { now });
    expect(w1.forecast).toMatchObject({ status: 'insufficient data', p50: null, remaining: 72 });
  });

  it('refuses unknown weeks, future weeks and backwards ranges with one line', async () => {
    const refusals: [object, RegExp][] = [
      [{ week: 'Week 9' }, /unknown week 'Week 9'.*'Week 1', 'Week 2'/],
      [{ week: '2026-W30' }, /after today/],
      [{ from: '2026-01-05', to: '2026-01-01' }, /before it starts/],
    ];
    for (const [sel, message] of refusals) {
      await expect(planReport(db, seed, sel, { now })).rejects.toThrow(message);
      await expect(planReport(db, seed, sel, { now })).rejects.toBeInstanceOf(WeekError);
    }
    await expect(planReport(db, seed, {}, { now, timeZone: 'Mars/Olympus' })).rejects.toThrow(/unknown time zone/);
  });
});

describe('a plan that moves week by week', () => {
  const PLAN = (marks: string[]) => `# Moving plan

**Target Date**: 2026-06-30

## Phase 1: HIGH Priority Items

### 1.1 Alpha
${marks.map((m, i) => `- [${m}] **M-${String(i + 1).padStart(3, '0')}**: item ${i + 1}`).join('\n')}
`;

  it('counts completions, starts, reopenings, additions and removals in the week they happened', async () => {
    const dir = tempPlansDir('report-moving');
    const file = path.join(dir, uniqueName('moving'));
    const marks = Array.from({ length: 20 }, () => ' ');
    writeFileSync(file, PLAN(marks));
    const at = (d: string) => ({ plansDir: dir, now: new Date(d) });
    const r0 = await syncPlan(db, file, at('2026-01-05T09:00:00Z'));
    // Three weeks finishing 3, 4 and 5 items; in the last one M-001 is reopened, M-010 started, an item added.
    const tick = (i: number, m: string) => (marks[i] = m);
    [0, 1, 2].forEach((i) => tick(i, 'x'));
    writeFileSync(file, PLAN(marks));
    await syncPlan(db, file, at('2026-01-07T09:00:00Z'));
    [3, 4, 5, 6].forEach((i) => tick(i, 'x'));
    writeFileSync(file, PLAN(marks));
    await syncPlan(db, file, at('2026-01-14T09:00:00Z'));
    [7, 8, 9, 10, 11].forEach((i) => tick(i, 'x'));
    tick(0, ' ');
    tick(12, '/');
    writeFileSync(file, PLAN([...marks, ' ']));
    // 23:30 UTC on Sunday the 25th: still W04 in UTC, Monday (W05) in Berlin.
    await syncPlan(db, file, at('2026-01-25T23:30:00Z'));
    const plan = await planOf(r0.planId!);
    const now = new Date('2026-01-28T12:00:00Z');

    const w4 = await planReport(db, plan, { week: '2026-W04' }, { now });
    expect(w4.completed.map((c) => c.id)).toEqual(['M-008', 'M-009', 'M-010', 'M-011', 'M-012']);
    expect(w4.completed[0].source).toBe('markdown');
    expect(w4.reopened.map((c) => c.id)).toEqual(['M-001']);
    expect(w4.started.map((c) => c.id)).toEqual(['M-013']);
    expect(w4.added.map((c) => c.id)).toEqual(['M-021']);
    expect(w4.scope).toEqual({ added: 1, removed: 0 });
    expect(w4.counts).toEqual({ total: 21, done: 11, inProgress: 1, cancelled: 0, remaining: 10 });
    expect(w4.history.slice(-3).map((h) => [h.id, h.completed, h.added, h.scope, h.done])).toEqual([
      ['2026-W02', 3, 0, 20, 3],
      ['2026-W03', 4, 0, 20, 7],
      ['2026-W04', 5, 1, 21, 11],
    ]);
    // Three weeks with completions: a forecast against the target date, the sampled weeks listed.
    expect(w4.forecast.inputs.slice(-3).map((w) => [w.completed, w.added])).toEqual([
      [3, 0],
      [4, 0],
      [5, 2], // one item added and one reopened: two more to do
    ]);
    expect(w4.forecast.status).toBe('on track');
    expect(w4.forecast.p50! > '2026-01-25').toBe(true);

    // The same week as of its end, seen from Berlin: the Sunday-night changes fall into W05 there.
    const berlin = await planReport(db, plan, { week: '2026-W04' }, { now, timeZone: 'Europe/Berlin' });
    expect(berlin.completed).toHaveLength(0);
    expect(berlin.counts).toMatchObject({ total: 20, done: 7 });

    // W03 as of its end does not know about W04.
    const w3 = await planReport(db, plan, { week: '2026-W03' }, { now });
    expect(w3.counts).toMatchObject({ total: 20, done: 7, inProgress: 0 });
    expect(w3.forecast.status).toBe('insufficient data');

    // Removing an item shows in the week it happened.
    editOnce(file, '- [ ] **M-020**: item 20\n', '');
    await syncPlan(db, file, at('2026-01-27T08:00:00Z'));
    const w5 = await planReport(db, plan, {}, { now });
    expect(w5.week.id).toBe('2026-W05');
    expect(w5.removed.map((c) => c.id)).toEqual(['M-020']);
    expect(w5.scope).toEqual({ added: 0, removed: 1 });
  });

  it('a plan without history cannot be reported', async () => {
    const dir = tempPlansDir('report-empty');
    const file = path.join(dir, uniqueName('empty'));
    writeFileSync(file, PLAN([' ', ' ']));
    const r = await syncPlan(db, file, { plansDir: dir, now: new Date('2026-01-05T09:00:00Z') });
    await expect(
      planReport(db, await planOf(r.planId!), {}, { now: new Date('2026-01-06T00:00:00Z') }),
    ).rejects.toThrow(/has no history yet/);
  });
});

describe('all plans together', () => {
  it('adds the plans up, keeps their phases apart and each phase on its own plan’s forecast', async () => {
    const now = new Date('2026-03-01T10:00:00Z');
    const dir = tempPlansDir('report-all');
    const a = await planOf((await syncPlan(db, copySeed(dir), { plansDir: dir, now })).planId!);
    const b = await planOf((await syncPlan(db, copySeed(dir), { plansDir: dir, now })).planId!);
    const r = await allPlansReport(db, [a, b], { week: '2026-W01' }, { now });
    expect(r.plan).toBeNull();
    expect(r.completed).toHaveLength(256);
    expect(r.counts).toMatchObject({ total: 256, done: 256, remaining: 0 });
    expect(r.byPhase.map((p) => [p.name.replace(/^.* · /, ''), p.completedThisWeek])).toEqual([
      ['Phase 1: HIGH Priority Items', 56],
      ['Phase 2: MEDIUM Priority Items', 41],
      ['Phase 3: LOW Priority Items', 31],
      ['Phase 1: HIGH Priority Items', 56],
      ['Phase 2: MEDIUM Priority Items', 41],
      ['Phase 3: LOW Priority Items', 31],
    ]);
    expect(new Set(r.completed.map((c) => c.key)).size).toBe(256);
    expect(r.history.at(-1)).toMatchObject({ completed: 256, scope: 256, done: 256 });
    // Document weeks belong to one document.
    await expect(allPlansReport(db, [a, b], { week: 'Week 1' }, { now })).rejects.toThrow(/unknown week 'Week 1'/);
  });
});

describe('document health', () => {
  it('lists the diagnostics that appeared and settled in the period, not a line moved', async () => {
    const dir = tempPlansDir('report-health');
    const file = copySeed(dir);
    const first = new Date('2026-03-04T10:00:00Z');
    const { planId } = await syncPlan(db, file, { plansDir: dir, now: first });
    const plan = await planOf(planId!);
    const w10 = await planReport(db, plan, { week: '2026-W10' }, { now: first });
    // The example plan's 10 warnings all appear with its first import; nothing settles.
    expect(w10.health.appeared).toHaveLength(10);
    expect(w10.health.appeared.every((d) => d.date === '2026-03-04')).toBe(true);
    expect(w10.health.settled).toEqual([]);
    expect(w10.health.open).toHaveLength(10);

    // A week later the summary's Phase 1 row is corrected (two warnings settle) and a line is inserted at
    // the top, which moves every other warning's line: those are not news.
    editOnce(file, '| Phase 1 (HIGH) | 55 | 55 |', '| Phase 1 (HIGH) | 56 | 56 |');
    editOnce(file, '# System Design', '<!-- reviewed -->\n# System Design');
    const later = new Date('2026-03-11T10:00:00Z');
    await syncPlan(db, file, { plansDir: dir, now: later });
    const w11 = await planReport(db, plan, { week: '2026-W11' }, { now: later });
    expect(w11.health.appeared).toEqual([]);
    expect(w11.health.settled.map((d) => [d.date, d.code, d.message])).toEqual([
      ['2026-03-11', 'count-mismatch', 'Summary row "Phase 1 (HIGH)" states 55 total but the document holds 56.'],
      ['2026-03-11', 'count-mismatch', 'Summary row "Phase 1 (HIGH)" states 55 completed but the document holds 56.'],
    ]);
    expect(w11.health.open).toHaveLength(8);
    // The earlier week still says what appeared then.
    const again = await planReport(db, plan, { week: '2026-W10' }, { now: later });
    expect(again.health.appeared).toHaveLength(10);
    expect(again.health.since).toBe('2026-03-04');
  });

  it('does not list a warning a tick only moved the numbers of as settled and appeared again', async () => {
    const dir = tempPlansDir('report-health-ticks');
    const file = copySeed(dir);
    const { planId } = await syncPlan(db, file, { plansDir: dir, now: new Date('2026-03-04T10:00:00Z') });
    const plan = await planOf(planId!);
    const later = new Date('2026-03-11T10:00:00Z');
    const tick = { source: 'cli', plansDir: dir, now: later, today: '2026-03-11' } as const;
    const health = async () => (await planReport(db, plan, { week: '2026-W11' }, { now: later })).health;
    await setStatus(db, { id: planId! }, 'CACHE-003', 'todo', tick);
    const first = await health();
    await setStatus(db, { id: planId! }, 'CACHE-004', 'todo', tick);
    await setStatus(db, { id: planId! }, 'DB-001', 'todo', tick);
    const after = await health();
    // The first untick is news: Progress's claim of completion went false. The next two move its numbers only.
    expect(first.appeared.map((d) => d.code)).toEqual(['fact-claim-mismatch']);
    expect(after.appeared).toEqual(first.appeared);
    expect(after.settled).toEqual(first.settled);
    expect(after.open.find((d) => d.code === 'fact-claim-mismatch')?.message).toMatch(/but 3 of 128 items are open/);
  });

  // The history's trigger runs only when the stored digest changes (migration 0010): a write of the diagnostics
  // without theirs would leave the history behind. The import's and the tick's writes, checked on the row.
  it('stores the digest of the diagnostics with every write of them', async () => {
    const dir = tempPlansDir('report-health-digest');
    const file = copySeed(dir);
    const { planId } = await syncPlan(db, file, { plansDir: dir });
    const stored = async () => {
      const plan = await planOf(planId!);
      expect(plan.diagnosticDigest).toBe(diagnosticDigest(plan.diagnostics));
      return plan.diagnostics;
    };
    const imported = await stored();
    editOnce(file, '| Phase 1 (HIGH) | 55 | 55 |', '| Phase 1 (HIGH) | 56 | 56 |');
    await syncPlan(db, file, { plansDir: dir });
    const edited = await stored();
    expect(edited.length).toBeLessThan(imported.length);
    await setStatus(db, { id: planId! }, 'CACHE-003', 'todo', { source: 'cli', plansDir: dir });
    expect(await stored()).not.toEqual(edited);
  });
});
