// On the embedded database a plan's head is remembered across requests until a plan changes (decision 059):
// every page asks for it, and a change made anywhere in this process — also a file that turns out to be a gap
// analysis — must drop it. On PostgreSQL, which other processes write, each request still asks.
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { AppLoadContext } from '@remix-run/node';
import { repoRoot, testDb, tempPlansDir, uniqueName } from '../../../helpers/database';
import { isEmbedded, type Db } from '../../../../db/client';
import { plans } from '../../../../db/schema';
import { syncPlan } from '../../../../sync/import';
import { emitPlanChanged, onPlanChanged } from '../../../../sync/events';
import { requirePlan } from '../../../../app/lib/plan.server';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/** A request's load context: made afresh for each, as the server does. */
const request = () => ({ tickmark: { db, onPlanChanged } }) as unknown as AppLoadContext;

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

it('remembers a plan’s head across requests until a plan changes (embedded), asks each time (server)', async () => {
  const dir = tempPlansDir('head');
  const file = path.join(dir, uniqueName('head'));
  writeFileSync(file, '# Head\n\n## Phase 1: One\n\n- [ ] **H-001**: one\n');
  const { planId, slug } = await syncPlan(db, file, { plansDir: dir });
  expect((await requirePlan(request(), slug!)).title).toBe('Head');

  // Written behind the app's back (no event, as another process would): the embedded database's next request
  // still gets the remembered head, no query; a server's sees the change…
  await db.update(plans).set({ title: 'Renamed' }).where(eq(plans.id, planId!));
  expect((await requirePlan(request(), slug!)).title).toBe(isEmbedded(db) ? 'Head' : 'Renamed');
  // …until any plan changes in this process.
  emitPlanChanged({ planId: planId! + 100_000, slug: 'another', source: 'ui' });
  expect((await requirePlan(request(), slug!)).title).toBe('Renamed');

  // An edit of the file is such a change.
  writeFileSync(file, '# Head again\n\n## Phase 1: One\n\n- [x] **H-001**: one\n');
  await syncPlan(db, file, { plansDir: dir });
  expect((await requirePlan(request(), slug!)).title).toBe('Head again');
});

it('forgets a plan whose file turned out to be a gap analysis', async () => {
  const dir = tempPlansDir('head-source');
  const file = path.join(dir, uniqueName('becomes-source'));
  // No items yet: a plan row, as a gap analysis being written would get.
  writeFileSync(file, '# Notes\n\nNothing planned yet.\n');
  const { slug } = await syncPlan(db, file, { plansDir: dir });
  expect((await requirePlan(request(), slug!)).title).toBe('Notes');

  copyFileSync(path.join(repoRoot, 'tests/fixtures/corpus/dd-sdlc-ai/part_1_gap_analysis.md'), file);
  const again = await syncPlan(db, file, { plansDir: dir });
  expect(again.source).toBeTruthy();
  expect(await status(requirePlan(request(), slug!))).toBe(404);
});
