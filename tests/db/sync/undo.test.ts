// Undo through the write-back engine: any change then undo gives back the file's exact bytes and the items'
// status and completion date; an undo refuses (and changes nothing) once the text moved on; a re-tick the
// same day of an item unticked by mistake restores its completion date and its place in that day's log row.
import { readFileSync, writeFileSync } from 'node:fs';
import { and, eq, isNull } from 'drizzle-orm';
import { testDb, tempPlansDir, copySeed } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { itemEvents, items } from '../../../db/schema';
import { syncPlan } from '../../../sync/import';
import { applyStructure, NothingToUndoError, setStatus, undoLast } from '../../../sync/engine';
import { parsePlan, STATUSES, type StructureChange } from '../../../parser/index';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const TODAY = '2026-12-01';
const NOW = new Date(`${TODAY}T12:00:00Z`);
const opts = (dir: string) => ({ source: 'ui' as const, actor: 'ann', today: TODAY, now: NOW, plansDir: dir });

async function track() {
  const dir = tempPlansDir('undo');
  const file = copySeed(dir);
  const r = await syncPlan(db, file, { plansDir: dir });
  return { dir, file, planId: r.planId! };
}

async function itemRow(planId: number, key: string) {
  const [row] = await db
    .select()
    .from(items)
    .where(and(eq(items.planId, planId), eq(items.key, key), isNull(items.removedAt)));
  return row;
}

/** A small deterministic PRNG (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

it('any change then undo gives back the original bytes and item states', async () => {
  const { dir, file, planId } = await track();
  const rnd = random(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  for (let round = 0; round < 12; round++) {
    const before = readFileSync(file);
    const model = parsePlan(before.toString('utf8'));
    const item = pick(model.items);
    const states = await db
      .select({ key: items.key, status: items.status, doneDate: items.doneDate })
      .from(items)
      .where(and(eq(items.planId, planId), isNull(items.removedAt)));
    const kind = round % 4;
    if (kind === 0) {
      await setStatus(db, { id: planId }, item.key, pick(STATUSES.filter((s) => s !== item.status)), opts(dir));
    } else {
      const changes: StructureChange[][] = [
        [],
        [
          { kind: 'set-status', key: item.key, status: pick(STATUSES) },
          { kind: 'set-status', key: pick(model.items).key, status: pick(STATUSES) },
        ],
        [{ kind: 'edit-item', key: item.key, title: `Renamed ${round}` }],
        [{ kind: 'set-dates', targetDate: `2027-0${1 + (round % 9)}-15` }],
      ];
      await applyStructure(db, { id: planId }, changes[kind], opts(dir));
    }
    const changed = readFileSync(file);
    if (changed.equals(before)) continue;
    await undoLast(db, { id: planId }, opts(dir));
    expect(readFileSync(file).equals(before)).toBe(true);
    if (kind !== 2) {
      const after = await db
        .select({ key: items.key, status: items.status, doneDate: items.doneDate })
        .from(items)
        .where(and(eq(items.planId, planId), isNull(items.removedAt)));
      expect(new Set(after.map((r) => JSON.stringify(r)))).toEqual(new Set(states.map((r) => JSON.stringify(r))));
    }
  }
});

it('undoes changes one after another, newest first', async () => {
  const { dir, file, planId } = await track();
  const v0 = readFileSync(file);
  await setStatus(db, { id: planId }, 'CACHE-001', 'todo', opts(dir));
  const v1 = readFileSync(file);
  await setStatus(db, { id: planId }, 'CACHE-002', 'in-progress', opts(dir));
  expect((await undoLast(db, { id: planId }, opts(dir))).summary).toBe('CACHE-002 done → in-progress');
  expect(readFileSync(file).equals(v1)).toBe(true);
  await undoLast(db, { id: planId }, opts(dir));
  expect(readFileSync(file).equals(v0)).toBe(true);
  await expect(undoLast(db, { id: planId }, opts(dir))).rejects.toThrow(NothingToUndoError);
});

it('refuses to undo once the text changed since, and changes nothing', async () => {
  const { dir, file, planId } = await track();
  await setStatus(db, { id: planId }, 'CACHE-001', 'todo', opts(dir));
  const edited = readFileSync(file, 'utf8').replace('Thunder Herd', 'Thundering Herd');
  writeFileSync(file, edited);
  await expect(undoLast(db, { id: planId }, opts(dir))).rejects.toThrow(/changed since/);
  expect(readFileSync(file, 'utf8')).toBe(edited);
  expect((await itemRow(planId, 'CACHE-001')).status).toBe('todo');
});

it('a re-tick the same day restores the completion date and the log row', async () => {
  const { dir, file, planId } = await track();
  // The first write-back also fixes the stated counts: start from a written file.
  await setStatus(db, { id: planId }, 'K8S-004', 'in-progress', opts(dir));
  const before = readFileSync(file, 'utf8');
  const row = (text: string) => text.split('\n').find((l) => l.startsWith('| 2026-01-02 | CACHE-001'));
  expect(row(before)).toContain('CACHE-001, CACHE-002');
  await setStatus(db, { id: planId }, 'CACHE-001', 'todo', opts(dir));
  expect(row(readFileSync(file, 'utf8'))).toBeUndefined();
  const r = await setStatus(db, { id: planId }, 'CACHE-001', 'done', opts(dir));
  expect(r.item.status).toBe('done');
  expect(readFileSync(file, 'utf8')).toBe(before);
  const item = await itemRow(planId, 'CACHE-001');
  expect(item.doneDate).toBe('2026-01-02');
  // The mis-click left no events behind.
  const events = await db.select().from(itemEvents).where(eq(itemEvents.itemId, item.id));
  expect(events.filter((e) => e.source === 'ui')).toEqual([]);
});

it('a re-tick the same day with a note is a new completion that keeps the note', async () => {
  const { dir, file, planId } = await track();
  await setStatus(db, { id: planId }, 'CACHE-001', 'todo', opts(dir));
  await setStatus(db, { id: planId }, 'CACHE-001', 'done', { ...opts(dir), note: 'fixed with request coalescing' });
  const item = await itemRow(planId, 'CACHE-001');
  const events = await db.select().from(itemEvents).where(eq(itemEvents.itemId, item.id));
  expect(events.filter((e) => e.source === 'ui').map((e) => e.note)).toContain('fixed with request coalescing');
  expect(readFileSync(file, 'utf8')).toContain('fixed with request coalescing');
});

it('a re-tick the same day by someone else is a new completion', async () => {
  const { dir, planId } = await track();
  await setStatus(db, { id: planId }, 'CACHE-001', 'todo', opts(dir));
  const r = await setStatus(db, { id: planId }, 'CACHE-001', 'done', { ...opts(dir), actor: 'bob' });
  expect(r.restored).toBeFalsy();
  expect((await itemRow(planId, 'CACHE-001')).doneDate).toBe(TODAY);
});

it('a re-tick on another day is a new completion', async () => {
  const { dir, file, planId } = await track();
  await setStatus(db, { id: planId }, 'CACHE-001', 'todo', opts(dir));
  const later = { ...opts(dir), today: '2026-12-02', now: new Date('2026-12-02T12:00:00Z') };
  await setStatus(db, { id: planId }, 'CACHE-001', 'done', later);
  expect((await itemRow(planId, 'CACHE-001')).doneDate).toBe('2026-12-02');
  expect(readFileSync(file, 'utf8')).toMatch(/\| 2026-12-02 \| CACHE-001 \|/);
});
