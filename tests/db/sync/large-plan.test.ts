// A plan far bigger than one statement's 65,534 bind parameters would hold row by row (4,000 items × 18
// columns): first import, then a line inserted at the top moves every item (no version bumps, no events).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq, isNull, count, sql } from 'drizzle-orm';
import { testDb, tempPlansDir, uniqueName } from '../../helpers/database';
import { generatePlan } from '../../bench/generate-plan';
import { items, itemEvents } from '../../../db/schema';
import { syncPlan } from '../../../sync/import';
import { parsePlan } from '../../../parser/index';

it('imports 4,000 items and re-syncs a shift of every line in one transaction', async () => {
  const db = await testDb();
  const dir = tempPlansDir('large');
  const file = path.join(dir, uniqueName('large'));
  const text = generatePlan({ items: 4000, seed: 7 });
  writeFileSync(file, text);
  const model = parsePlan(text);
  const done = model.items.filter((i) => i.status === 'done' && i.doneDate).length;

  const first = await syncPlan(db, file, { plansDir: dir });
  expect(first.outcome).toBe('created');
  expect(first.changes.inserted).toBe(model.items.length);
  expect(model.items.length).toBeGreaterThanOrEqual(4000);
  const planId = first.planId!;
  const [{ n }] = await db
    .select({ n: count() })
    .from(items)
    .where(and(eq(items.planId, planId), isNull(items.removedAt)));
  expect(n).toBe(model.items.length);
  const [{ e }] = await db.select({ e: count() }).from(itemEvents).where(eq(itemEvents.planId, planId));
  expect(e).toBe(done);

  // One new line under the title shifts every item down by one line.
  writeFileSync(file, readFileSync(file, 'utf8').replace('\n', '\n\nA note added at the top.\n'));
  const shifted = await syncPlan(db, file, { plansDir: dir });
  expect(shifted.changes).toMatchObject({ inserted: 0, updated: 0, removed: 0, events: 0, moved: model.items.length });
  const [v] = await db
    .select({ maxVersion: sql<number>`max(${items.version})::int`, minLine: sql<number>`min(${items.line})::int` })
    .from(items)
    .where(eq(items.planId, planId));
  expect(v.maxVersion).toBe(1);
  expect(v.minLine).toBe(Math.min(...model.items.map((i) => i.line)) + 2);
});
