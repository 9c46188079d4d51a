// Import of the seed plan, idempotent re-sync, one-line changes, removal/re-appearance, bad files.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { and, eq, isNull, sql, max, count } from 'drizzle-orm';
import { testDb, tempPlansDir, copySeed, editOnce, uniqueName } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { itemEvents, items, phases, plans, progressLogRows, sections, syncState } from '../../../db/schema';
import { syncAll, syncPlan } from '../../../sync/import';
import { parsePlan } from '../../../parser/index';
import { hashBytes } from '../../../sync/hash';
import { burndownSeries } from '../../../db/queries/burndown';
import { getItemWithHistory } from '../../../db/queries/items';
import { phaseCounts } from '../../../db/queries/phases';
import { planCounts } from '../../../db/queries/plans';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/** Row counts of everything a plan owns, plus the timestamps a write would move. */
async function snapshot(planId: number) {
  const n = async (t: typeof items | typeof itemEvents | typeof phases | typeof sections | typeof progressLogRows) =>
    (await db.select({ n: count() }).from(t).where(eq(t.planId, planId)))[0].n;
  const [plan] = await db.select().from(plans).where(eq(plans.id, planId));
  const [state] = await db.select().from(syncState).where(eq(syncState.planId, planId));
  const [itemMax] = await db
    .select({ at: max(items.updatedAt), v: sql<number>`sum(${items.version})::int` })
    .from(items)
    .where(eq(items.planId, planId));
  return {
    items: await n(items),
    events: await n(itemEvents),
    phases: await n(phases),
    sections: await n(sections),
    log: await n(progressLogRows),
    planUpdatedAt: plan.updatedAt.toISOString(),
    syncedAt: state.syncedAt.toISOString(),
    itemsUpdatedAt: itemMax.at?.toISOString(),
    versions: itemMax.v,
  };
}

async function item(planId: number, key: string) {
  const [row] = await db
    .select()
    .from(items)
    .where(and(eq(items.planId, planId), eq(items.key, key)));
  return row;
}

describe('first import of the seed', () => {
  it('stores 128 items, 3 phases, 26 sections and 128 backdated log events', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const r = await syncPlan(db, file, { plansDir: dir });
    expect(r.outcome).toBe('created');
    expect(r.error).toBeNull();
    expect(r.changes.inserted).toBe(128);
    expect(r.slug).toMatch(/^seed-/);
    const planId = r.planId!;
    const s = await snapshot(planId);
    expect(s.items).toBe(128);
    expect(s.phases).toBe(3);
    // The parser keeps the seed's two `1.8` headings apart (keys 1.8 and 1.8#2, decision 003): 26 sections
    // under 25 distinct numbers.
    expect(s.sections).toBe(26);
    const numbers = await db.select({ number: sections.number }).from(sections).where(eq(sections.planId, planId));
    expect(new Set(numbers.map((x) => x.number)).size).toBe(25);
    expect(s.log).toBe(26); // 11 rows in week 1, 15 in week 2
    expect(s.events).toBe(128);

    const events = await db.select().from(itemEvents).where(eq(itemEvents.planId, planId));
    expect(new Set(events.map((e) => e.source))).toEqual(new Set(['log']));
    expect(events.every((e) => e.fromStatus === 'todo' && e.toStatus === 'done')).toBe(true);
    const byDay = new Map<string, number>();
    for (const e of events)
      byDay.set(e.at.toISOString().slice(0, 10), (byDay.get(e.at.toISOString().slice(0, 10)) ?? 0) + 1);
    // Week 1 (2026-01-02) finishes phase 1, 2026-01-03 phase 2, 2026-01-04 phase 3.
    expect(Object.fromEntries(byDay)).toEqual({ '2026-01-02': 56, '2026-01-03': 41, '2026-01-04': 31 });
    const cache1 = await item(planId, 'CACHE-001');
    expect(cache1).toMatchObject({
      itemId: 'CACHE-001',
      prefix: 'CACHE',
      status: 'done',
      doneDate: '2026-01-02',
      version: 1,
      removedAt: null,
    });

    // Counted, not stated: 128 items (56/41/31) although the document claims 131 (55/45/31).
    expect(await planCounts(db, planId)).toMatchObject({ total: 128, done: 128, remaining: 0, percent: 100 });
    const ph = await phaseCounts(db, planId);
    expect(ph.map((p) => [p.number, p.total, p.statedCount])).toEqual([
      [1, 56, 55],
      [2, 41, 45],
      [3, 31, 31],
    ]);
    const [plan] = await db.select().from(plans).where(eq(plans.id, planId));
    expect(plan.title).toBe('System Design Gap Implementation Plan');
    expect(plan.error).toBeNull();
    expect((plan.diagnostics as { code: string }[]).length).toBeGreaterThan(0);

    // The burndown exists from day one: all 128 in scope before 2026-01-02, none left after 2026-01-04.
    const b = await burndownSeries(db, planId, { today: new Date('2026-01-06T00:00:00Z') });
    const day = (d: string) => b.days.find((x) => x.date === d);
    expect(b.days[0].date <= '2026-01-02').toBe(true);
    expect(day('2026-01-02')).toMatchObject({ scope: 128, done: 56, remaining: 72 });
    expect(day('2026-01-03')).toMatchObject({ scope: 128, done: 97, remaining: 31 });
    expect(day('2026-01-04')).toMatchObject({ scope: 128, done: 128, remaining: 0 });
  });

  it('a second sync of the unchanged file writes nothing', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const first = await syncPlan(db, file, { plansDir: dir });
    const before = await snapshot(first.planId!);
    const again = await syncPlan(db, file, { plansDir: dir });
    expect(again.outcome).toBe('unchanged');
    expect(again.planId).toBe(first.planId);
    expect(await snapshot(first.planId!)).toEqual(before);
    // Even a forced re-import (hash check skipped) finds no item to change.
    const forced = await syncPlan(db, file, { plansDir: dir, force: true });
    expect(forced.changes).toEqual({ inserted: 0, updated: 0, moved: 0, removed: 0, restored: 0, events: 0 });
    const after = await snapshot(first.planId!);
    expect({ ...after, syncedAt: before.syncedAt }).toEqual(before);
  });
});

describe('changes to the file', () => {
  it('a one-line status change updates exactly one item and records one markdown event', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const { planId } = await syncPlan(db, file, { plansDir: dir });
    const before = await snapshot(planId!);
    editOnce(file, '- [x] **NET-003**', '- [ ] **NET-003**');
    const r = await syncPlan(db, file, { plansDir: dir });
    expect(r.outcome).toBe('updated');
    expect(r.changes).toEqual({ inserted: 0, updated: 1, moved: 0, removed: 0, restored: 0, events: 1 });
    const after = await snapshot(planId!);
    expect(after.items).toBe(before.items);
    expect(after.events).toBe(before.events + 1);
    expect(after.versions).toBe(before.versions + 1);
    const changed = await db
      .select({ key: items.key })
      .from(items)
      .where(and(eq(items.planId, planId!), sql`${items.updatedAt} > ${before.itemsUpdatedAt}::timestamptz`));
    expect(changed.map((c) => c.key)).toEqual(['NET-003']);
    const h = await getItemWithHistory(db, planId!, 'NET-003');
    expect(h!.item).toMatchObject({ status: 'todo', version: 2 });
    expect(h!.events[0]).toMatchObject({ fromStatus: 'done', toStatus: 'todo', source: 'markdown' });
    expect(h!.events[1]).toMatchObject({ fromStatus: 'todo', toStatus: 'done', source: 'log' });
    expect(await planCounts(db, planId!)).toMatchObject({ total: 128, done: 127, remaining: 1 });
  });

  it('a file saved again while it was being parsed is imported as it ends up, not as it was first read', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const { planId } = await syncPlan(db, file, { plansDir: dir });
    // More than a checkbox flip (a space too), so the file is parsed rather than its last model updated.
    editOnce(file, '- [x] **SEC-004**', '- [ ]  **SEC-004**');
    let calls = 0;
    const r = await syncPlan(db, file, {
      plansDir: dir,
      parse: (source) => {
        // An editor saves a second change while the first version is being parsed.
        if (++calls === 1) editOnce(file, '- [x] **SEC-005**', '- [/] **SEC-005**');
        return parsePlan(source);
      },
    });
    expect(calls).toBe(2);
    expect(r.changes).toMatchObject({ updated: 2, events: 2 });
    expect((await item(planId!, 'SEC-004')).status).toBe('todo');
    expect((await item(planId!, 'SEC-005')).status).toBe('in-progress');
    const [state] = await db.select().from(syncState).where(eq(syncState.planId, planId!));
    expect(state.contentHash).toBe(hashBytes(readFileSync(file)));
  });

  it('an item removed from the file is kept with its history and restored when it comes back', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const original = readFileSync(file);
    const { planId } = await syncPlan(db, file, { plansDir: dir });
    const line = original
      .toString('utf8')
      .split('\n')
      .find((l) => l.includes('**API-004**'))!;
    editOnce(file, `${line}\n`, '');

    const removed = await syncPlan(db, file, { plansDir: dir });
    expect(removed.changes).toMatchObject({ removed: 1, inserted: 0, updated: 0, events: 1 });
    const gone = await item(planId!, 'API-004');
    expect(gone.removedAt).not.toBeNull();
    expect(gone.version).toBe(2);
    expect(await planCounts(db, planId!)).toMatchObject({ total: 127, done: 127 });
    // Items below moved up one line: updated in place, no version bump, no events.
    expect(removed.changes.moved).toBeGreaterThan(0);
    expect((await item(planId!, 'API-005')).version).toBe(1);

    writeFileSync(file, original);
    const back = await syncPlan(db, file, { plansDir: dir });
    expect(back.changes).toMatchObject({ restored: 1, removed: 0, inserted: 0, events: 1 });
    const restored = await getItemWithHistory(db, planId!, 'API-004');
    expect(restored!.item.removedAt).toBeNull();
    expect(restored!.item.id).toBe(gone.id);
    expect(restored!.item.version).toBe(3);
    expect(restored!.events.map((e) => [e.fromStatus, e.toStatus, e.source])).toEqual([
      ['removed', 'done', 'markdown'],
      ['done', 'removed', 'markdown'],
      ['todo', 'done', 'log'],
    ]);
    expect(await planCounts(db, planId!)).toMatchObject({ total: 128, done: 128 });
  });

  it('a new item gets an appearance event (a scope change on the burndown)', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const { planId } = await syncPlan(db, file, { plansDir: dir });
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((l) => l.includes('**MISC-010**'))!;
    editOnce(file, line, `${line}\n- [ ] **MISC-011**: Brand new topic`);
    const r = await syncPlan(db, file, { plansDir: dir });
    expect(r.changes).toMatchObject({ inserted: 1, updated: 0, removed: 0, events: 1 });
    const h = await getItemWithHistory(db, planId!, 'MISC-011');
    expect(h!.item).toMatchObject({ status: 'todo', prefix: 'MISC', version: 1 });
    expect(h!.events.map((e) => [e.fromStatus, e.toStatus, e.source])).toEqual([[null, 'todo', 'markdown']]);
    const b = await burndownSeries(db, planId!);
    expect(b.days.at(-1)).toMatchObject({ scope: 129, done: 128, remaining: 1 });
  });
});

describe('files that got worse keep their data', () => {
  it('flags a file that is not UTF-8, vanished or emptied, and clears the flag when it is good again', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const good = readFileSync(file);
    const { planId } = await syncPlan(db, file, { plansDir: dir });
    const before = await snapshot(planId!);
    const flag = async () =>
      (await db.select({ error: plans.error }).from(plans).where(eq(plans.id, planId!)))[0].error;

    writeFileSync(file, Buffer.concat([good.subarray(0, 100), Buffer.from([0xff, 0xfe, 0x41]), good.subarray(100)]));
    const bad = await syncPlan(db, file, { plansDir: dir });
    expect(bad.outcome).toBe('error');
    expect(bad.error).toMatch(/not valid UTF-8/);
    expect(await flag()).toMatch(/not valid UTF-8/);
    expect(await snapshot(planId!)).toEqual(before);

    rmSync(file);
    const vanished = await syncPlan(db, file, { plansDir: dir });
    expect(vanished.outcome).toBe('error');
    expect(await flag()).toMatch(/no such file/);
    expect(await snapshot(planId!)).toEqual(before);

    writeFileSync(file, '\n\n');
    const empty = await syncPlan(db, file, { plansDir: dir });
    expect(empty.outcome).toBe('error');
    expect(await flag()).toMatch(/file is empty/);
    const active = await db
      .select({ n: count() })
      .from(items)
      .where(and(eq(items.planId, planId!), isNull(items.removedAt)));
    expect(active[0].n).toBe(128);

    // Back to the same bytes: nothing to write for items, only the flag clears.
    writeFileSync(file + '.tmp', good);
    renameSync(file + '.tmp', file);
    const healed = await syncPlan(db, file, { plansDir: dir });
    expect(healed.outcome).toBe('updated');
    expect(healed.changes).toEqual({ inserted: 0, updated: 0, moved: 0, removed: 0, restored: 0, events: 0 });
    expect(await flag()).toBeNull();
    expect((await snapshot(planId!)).events).toBe(before.events);
  });

  it('a parser failure keeps the last good data and flags the plan', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const { planId } = await syncPlan(db, file, { plansDir: dir });
    const before = await snapshot(planId!);
    editOnce(file, '- [x] **NET-004**', '- [ ]  **NET-004**'); // more than a flip: the file is parsed
    const r = await syncPlan(db, file, {
      plansDir: dir,
      parse: () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
    });
    expect(r.outcome).toBe('error');
    expect(r.error).toMatch(/the parser failed \(Maximum call stack size exceeded\); keeping the last imported data/);
    expect(await snapshot(planId!)).toEqual(before);
    const [plan] = await db.select().from(plans).where(eq(plans.id, planId!));
    expect(plan.error).toBe(r.error);
    // parsePlan itself never throws: it reports its own crash as an `internal-error` diagnostic on an empty
    // model. That must not mark every item removed either.
    const crashed = await syncPlan(db, file, {
      plansDir: dir,
      parse: () => {
        const m = parsePlan('');
        m.diagnostics.push({
          severity: 'error',
          code: 'internal-error',
          message: 'The parser failed on this document (boom)',
          line: 1,
          column: 1,
        });
        return m;
      },
    });
    expect(crashed.outcome).toBe('error');
    expect(crashed.error).toMatch(/The parser failed on this document \(boom\); keeping the last imported data/);
    expect(await snapshot(planId!)).toEqual(before);
    // The next good parse imports the change and clears the flag.
    const healed = await syncPlan(db, file, { plansDir: dir });
    expect(healed.changes).toMatchObject({ updated: 1, events: 1 });
    expect((await db.select().from(plans).where(eq(plans.id, planId!)))[0].error).toBeNull();
  });

  it('a file that never imported reports the reason and creates no plan', async () => {
    const dir = tempPlansDir();
    const r = await syncPlan(db, `${dir}/missing.md`, { plansDir: dir });
    expect(r).toMatchObject({ outcome: 'error', planId: null, slug: null });
    expect(r.error).toMatch(/missing\.md: no such file/);
    const rows = await db.select().from(plans).where(eq(plans.path, 'missing.md'));
    expect(rows).toEqual([]);
  });

  it('gives each plan a stable, unique slug from its file name', async () => {
    const a = tempPlansDir();
    const b = tempPlansDir();
    const name = `Same Name ${process.pid} ${Date.now()}.md`;
    writeFileSync(`${a}/${name}`, '# A\n\n- [ ] one\n');
    writeFileSync(`${b}/${name}`, '# B\n\n- [ ] two\n');
    // Outside PLANS_DIR, so both are tracked by absolute path.
    const ra = await syncPlan(db, `${a}/${name}`);
    const rb = await syncPlan(db, `${b}/${name}`);
    expect(ra.path).toBe(`${a}/${name}`);
    expect(ra.slug).toBe(`same-name-${process.pid}-${name.split(' ')[3].replace('.md', '')}`);
    expect(rb.slug).toBe(`${ra.slug}-2`);
    writeFileSync(`${a}/${name}`, '# A\n\n- [x] one\n');
    const again = await syncPlan(db, `${a}/${name}`);
    expect(again).toMatchObject({ outcome: 'updated', slug: ra.slug, planId: ra.planId });
  });
});

describe('which plan a file is', () => {
  it('keeps two plans folders with the same file name apart, and follows a plans folder that moved', async () => {
    const name = uniqueName('same');
    const one = tempPlansDir();
    const two = tempPlansDir();
    writeFileSync(`${one}/${name}`, '# One\n\n- [ ] **ONE-001**: first\n');
    writeFileSync(`${two}/${name}`, '# Two\n\n- [ ] **TWO-001**: second\n');
    const a = await syncPlan(db, `${one}/${name}`, { plansDir: one });
    const b = await syncPlan(db, `${two}/${name}`, { plansDir: two });
    expect(a.path).toBe(name);
    // The relative name belongs to a file that still exists: the newcomer is tracked by absolute path.
    expect(b.path).toBe(`${two}/${name}`);
    expect(b.planId).not.toBe(a.planId);
    expect(b.outcome).toBe('created');
    expect((await item(a.planId!, 'ONE-001')).removedAt).toBeNull();
    expect(await item(a.planId!, 'TWO-001')).toBeUndefined();

    // The first folder moves (another checkout): its plan is adopted by relative path, history and all.
    const moved = tempPlansDir();
    renameSync(`${one}/${name}`, `${moved}/${name}`);
    writeFileSync(`${moved}/${name}`, '# One\n\n- [x] **ONE-001**: first\n');
    const c = await syncPlan(db, `${moved}/${name}`, { plansDir: moved });
    expect(c).toMatchObject({ planId: a.planId, outcome: 'updated', path: name });
    expect(c.changes).toMatchObject({ updated: 1, events: 1 });
    const [state] = await db.select().from(syncState).where(eq(syncState.planId, a.planId!));
    expect(state.path).toBe(`${moved}/${name}`);
  });
});

describe('syncAll', () => {
  it('imports every *.md under the folder and flags plans of that folder whose file is gone, and only those', async () => {
    const dir = tempPlansDir();
    const other = tempPlansDir();
    const a = copySeed(dir, 'all-a');
    const nested = `${dir}/sub`;
    mkdirSync(nested);
    const b = copySeed(nested, 'all-b');
    writeFileSync(`${dir}/notes.txt`, 'not a plan');
    const elsewhere = copySeed(other, 'all-other');
    const otherResult = await syncPlan(db, elsewhere, { plansDir: other });
    rmSync(elsewhere); // gone, but not from the folder being synced: must not be touched

    const first = await syncAll(db, dir);
    expect(first.map((r) => [r.path, r.outcome])).toEqual([
      [a.slice(dir.length + 1), 'created'],
      [`sub/${b.slice(nested.length + 1)}`, 'created'],
    ]);
    rmSync(b);
    const second = await syncAll(db, dir);
    expect(second.map((r) => r.outcome)).toEqual(['unchanged', 'error']);
    expect(second[1].error).toMatch(/no such file/);
    const [otherPlan] = await db.select().from(plans).where(eq(plans.id, otherResult.planId!));
    expect(otherPlan.error).toBeNull();
  });
});
