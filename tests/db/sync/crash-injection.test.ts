// Crash injection at every step of a write-back, each step 20 times (issue 14): the write-back stops at the
// step (TICKMARK_CRASH_MODE=throw: its transaction rolls back, whatever it wrote to disk stays, as after a
// kill -9; tests/db/sync/crash.test.ts kills real processes once per step). The next write-back recovers:
// the crashed change is recorded exactly once when the file holds it and not at all when it does not, and
// the file and the database agree after every round.
import { readdirSync, readFileSync } from 'node:fs';
import { and, eq, isNull } from 'drizzle-orm';
import { copySeed, tempPlansDir, testDb } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { changes, itemEvents, items } from '../../../db/schema';
import { parsePlan, STATUSES, type Status } from '../../../parser/index';
import { CRASH_POINTS, setStatus, undoLast } from '../../../sync/engine';
import { syncPlan } from '../../../sync/import';

const ROUNDS = 20;

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

afterEach(() => {
  delete process.env.TICKMARK_CRASH_AT;
  delete process.env.TICKMARK_CRASH_MODE;
});

function fileStatuses(file: string): Map<string, string> {
  return new Map(parsePlan(readFileSync(file, 'utf8')).items.map((i) => [i.key, i.status]));
}

async function dbStatuses(planId: number): Promise<Map<string, string>> {
  const rows = await db
    .select({ key: items.key, status: items.status })
    .from(items)
    .where(and(eq(items.planId, planId), isNull(items.removedAt)));
  return new Map(rows.map((r) => [r.key, r.status]));
}

test(`each of ${CRASH_POINTS.length} write-back steps crashed ${ROUNDS} times: recovered, file = database`, async () => {
  const dir = tempPlansDir('crash-loop');
  const file = copySeed(dir);
  const r = await syncPlan(db, file, { plansDir: dir });
  expect(r.error).toBeNull();
  const planId = r.planId!;
  const keys = [...fileStatuses(file).keys()];
  let seed = 14;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const otherThan = (s: string) => STATUSES.filter((x) => x !== s)[random(STATUSES.length - 1)] as Status;
  const hits = new Map<string, number>();
  const base = Date.UTC(2026, 11, 1);

  for (let round = 0; round < ROUNDS; round++) {
    for (const [n, step] of CRASH_POINTS.entries()) {
      const at = new Date(base + (round * CRASH_POINTS.length + n) * 60_000);
      const key = keys[random(keys.length)];
      const from = fileStatuses(file).get(key)!;
      const to = otherThan(from);
      process.env.TICKMARK_CRASH_AT = step;
      process.env.TICKMARK_CRASH_MODE = 'throw';
      const error = await setStatus(db, { id: planId }, key, to, {
        source: 'ui',
        // One actor per write: a same-day re-tick by the same actor is an undo, which has no crash intent yet.
        actor: `crash-${round}-${n}`,
        now: at,
        today: '2026-12-01',
        plansDir: dir,
      }).catch((e: Error) => e);
      delete process.env.TICKMARK_CRASH_AT;
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(`injected crash at ${step}`);
      hits.set(step, (hits.get(step) ?? 0) + 1);
      const fileMoved = step !== 'after-intent';
      expect(fileStatuses(file).get(key)).toBe(fileMoved ? to : from);

      // The next write-back (another item) settles the crashed one first.
      const other = keys[random(keys.length)];
      if (other !== key) {
        const otherTo = otherThan(fileStatuses(file).get(other)!);
        await setStatus(db, { id: planId }, other, otherTo, { source: 'ui', today: '2026-12-01', plansDir: dir });
      } else await syncPlan(db, file, { plansDir: dir });
      expect(await dbStatuses(planId)).toEqual(fileStatuses(file));
      const recorded = await db
        .select({ id: itemEvents.id })
        .from(itemEvents)
        .innerJoin(items, eq(items.id, itemEvents.itemId))
        .where(and(eq(items.planId, planId), eq(items.key, key), eq(itemEvents.at, at)));
      expect(recorded.length, `${step} round ${round}`).toBe(fileMoved ? 1 : 0);
    }
  }
  expect(Object.fromEntries(hits)).toEqual(Object.fromEntries(CRASH_POINTS.map((s) => [s, ROUNDS])));
});

test.each(CRASH_POINTS)(
  'an undo crashed %s is finished (or dropped) on the next start, never read as an edit',
  async (step) => {
    const dir = tempPlansDir('crash-undo');
    const file = copySeed(dir);
    const original = readFileSync(file);
    const planId = (await syncPlan(db, file, { plansDir: dir })).planId!;
    const opts = { source: 'ui', actor: 'ann', today: '2026-12-01', plansDir: dir } as const;
    const key = [...fileStatuses(file)].find(([, s]) => s === 'done')![0];
    await setStatus(db, { id: planId }, key, 'todo', { ...opts, now: new Date(Date.UTC(2026, 11, 1, 9)) });
    expect(readFileSync(file)).not.toEqual(original);

    process.env.TICKMARK_CRASH_AT = step;
    process.env.TICKMARK_CRASH_MODE = 'throw';
    const error = await undoLast(db, { id: planId }, { ...opts, now: new Date(Date.UTC(2026, 11, 1, 10)) }).catch(
      (e: Error) => e,
    );
    delete process.env.TICKMARK_CRASH_AT;
    expect((error as Error).message).toBe(`injected crash at ${step}`);
    const written = step !== 'after-intent';
    expect(readFileSync(file).equals(original)).toBe(written);

    // The next start: an import of the folder settles the intent first.
    await syncPlan(db, file, { plansDir: dir });
    expect(await dbStatuses(planId)).toEqual(fileStatuses(file));
    const events = await db
      .select({ source: itemEvents.source, to: itemEvents.toStatus })
      .from(itemEvents)
      .innerJoin(items, eq(items.id, itemEvents.itemId))
      .where(and(eq(items.planId, planId), eq(items.key, key)));
    // Finished as an undo: the untick's event is gone and no editor's change was recorded in its place.
    expect(events.filter((e) => e.source === 'markdown')).toEqual([]);
    expect(events.filter((e) => e.source === 'ui')).toEqual(written ? [] : [{ source: 'ui', to: 'todo' }]);
    const [change] = await db.select().from(changes).where(eq(changes.planId, planId));
    expect(change.undoneAt !== null).toBe(written);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tickmark-intent.json'))).toEqual([]);
    // Not written: the undo is still there to take, and gives back the original bytes.
    if (!written) {
      await undoLast(db, { id: planId }, opts);
      expect(readFileSync(file)).toEqual(original);
    }
  },
);
