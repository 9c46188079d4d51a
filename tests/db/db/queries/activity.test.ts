// The activity feed (issue 13): one entry per change written through Tickmark, with its actor and summary;
// one per batch of events no change wrote (the first import, a file edit, an undo), grouped and counted; newest
// first, paged without gaps or repeats, per plan or across plans.
import { readFileSync, writeFileSync } from 'node:fs';
import { copySeed, tempPlansDir, testDb } from '../../../helpers/database';
import type { Db } from '../../../../db/client';
import { listActivity, ACTIVITY_ITEMS_SHOWN } from '../../../../db/queries/activity';
import { syncPlan } from '../../../../sync/import';
import { applyStructure, setStatus, undoLast } from '../../../../sync/engine';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 12, minute));
const opts = (dir: string, actor: string, minute: number, source: 'ui' | 'cli' = 'ui') => ({
  source,
  actor,
  today: '2026-12-01',
  now: at(minute),
  plansDir: dir,
});

it('credits each change to its actor, groups what no change wrote, and pages newest first', async () => {
  const dir = tempPlansDir('activity');
  const file = copySeed(dir);
  const planId = (await syncPlan(db, file, { plansDir: dir, now: at(0) })).planId!;
  await setStatus(db, { id: planId }, 'CACHE-001', 'todo', opts(dir, 'alice', 1));
  await setStatus(db, { id: planId }, 'CACHE-002', 'in-progress', opts(dir, 'tm-ci', 2, 'cli'));
  await applyStructure(db, { id: planId }, [{ kind: 'edit-item', key: 'CACHE-002', title: 'Renamed' }], {
    ...opts(dir, 'lena', 3),
  });
  await undoLast(db, { id: planId }, opts(dir, 'lena', 4));
  await undoLast(db, { id: planId }, opts(dir, 'bob', 5));
  // A file edit imported: no change row wrote it, no actor is known.
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^- \[ \] \*\*CACHE-001\*\*/m, '- [x] **CACHE-001**'));
  await syncPlan(db, file, { plansDir: dir, now: at(6) });

  const { entries, more } = await listActivity(db, { planId, offset: 0, limit: 100 });
  expect(more).toBe(false);
  const newestFirst = entries.map((e) => e.at);
  expect([...newestFirst].sort().reverse()).toEqual(newestFirst);

  const [edit, bobUndo, lenaUndo] = entries;
  expect(edit).toMatchObject({ source: 'markdown', actor: null, summary: null, count: 1 });
  expect(edit!.items[0]).toMatchObject({ id: 'CACHE-001', from: 'todo', to: 'done' });
  // Each undo is credited to whoever undid it, naming the change it undid.
  expect(bobUndo).toMatchObject({ actor: 'bob', source: 'ui', summary: null, undid: 'CACHE-002 done → in-progress' });
  expect(bobUndo!.at).toBe(at(5).toISOString());
  expect(lenaUndo).toMatchObject({ actor: 'lena', undid: 'edit CACHE-002' });

  const changes = entries.filter((e) => e.summary !== null);
  expect(changes.map((c) => [c.actor, c.source, c.undone])).toEqual([
    ['lena', 'ui', true],
    ['tm-ci', 'cli', true],
    ['alice', 'ui', false],
  ]);
  expect(changes[2]!.summary).toContain('CACHE-001');
  expect(changes[2]!.at).toBe(at(1).toISOString());
  // A day of the progress log read back on the first import is one entry however many items it names.
  const day = entries.find((e) => e.source === 'log' && e.count > ACTIVITY_ITEMS_SHOWN)!;
  expect(day.items).toHaveLength(ACTIVITY_ITEMS_SHOWN);
  expect(day.actor).toBeNull();
  expect(day.items.every((i) => i.to === 'done')).toBe(true);

  // Pages of 2 give back the same entries in the same order, each once.
  const paged = [];
  for (let offset = 0; ; offset += 2) {
    const page = await listActivity(db, { planId, offset, limit: 2 });
    paged.push(...page.entries);
    if (!page.more) break;
  }
  expect(paged).toEqual(entries);
});

it('lists every plan in the all-plans feed, and only its own in a plan’s', async () => {
  const dir = tempPlansDir('activity-all');
  const a = (await syncPlan(db, copySeed(dir, 'a'), { plansDir: dir })).planId!;
  const b = (await syncPlan(db, copySeed(dir, 'b'), { plansDir: dir })).planId!;
  await setStatus(db, { id: b }, 'CACHE-001', 'todo', opts(dir, 'carol', 30));
  // Other tests' plans share the database: read the whole all-plans feed, page by page.
  const slugs = new Set<string>();
  for (let offset = 0; ; offset += 1000) {
    const page = await listActivity(db, { offset, limit: 1000 });
    for (const e of page.entries) slugs.add(e.slug);
    if (!page.more) break;
  }
  const onA = await listActivity(db, { planId: a, offset: 0, limit: 1000 });
  const onB = await listActivity(db, { planId: b, offset: 0, limit: 1000 });
  expect(onA.entries.every((e) => e.slug === onA.entries[0]!.slug)).toBe(true);
  expect(onA.entries.some((e) => e.actor === 'carol')).toBe(false);
  expect(onB.entries.some((e) => e.actor === 'carol')).toBe(true);
  for (const e of [...onA.entries, ...onB.entries]) expect(slugs.has(e.slug)).toBe(true);
});
