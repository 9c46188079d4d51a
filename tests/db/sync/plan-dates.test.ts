// Dates a user sets are written into the plan through the write-back engine and read back on every import,
// so an editor's save (which re-imports the document) keeps them; a date removed in the editor is gone.
import { readFileSync, writeFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { testDb, tempPlansDir, copySeed } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { plans } from '../../../db/schema';
import { syncPlan } from '../../../sync/import';
import { applyStructure } from '../../../sync/engine';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

async function datesOf(planId: number) {
  const [p] = await db
    .select({ start: plans.startDate, target: plans.targetDate })
    .from(plans)
    .where(eq(plans.id, planId));
  return p;
}

it('keeps dates set through the engine across an editor save', async () => {
  const dir = tempPlansDir('dates');
  const file = copySeed(dir);
  const r = await syncPlan(db, file, { plansDir: dir });
  const planId = r.planId!;
  const before = readFileSync(file, 'utf8');
  await applyStructure(db, { id: planId }, [{ kind: 'set-dates', startDate: '2026-01-01', targetDate: '2026-03-01' }], {
    source: 'ui',
    actor: null,
    plansDir: dir,
  });
  const after = readFileSync(file, 'utf8');
  expect(after).toBe(
    before.replace(/(\*\*Progress\*\*:[^\n]*\n)/, '$1**Start Date**: 2026-01-01\n**Target Date**: 2026-03-01\n'),
  );
  expect(await datesOf(planId)).toEqual({ start: '2026-01-01', target: '2026-03-01' });

  // An editor saves an unrelated change (sed -i): the import reads the dates back from the text.
  writeFileSync(file, after.replace('- [x] **CACHE-005**', '- [ ] **CACHE-005**'));
  await syncPlan(db, file, { plansDir: dir });
  expect(await datesOf(planId)).toEqual({ start: '2026-01-01', target: '2026-03-01' });

  // The editor moves the target: the document is the source of truth.
  writeFileSync(file, readFileSync(file, 'utf8').replace('**Target Date**: 2026-03-01', '**Target Date**: 2026-04-15'));
  await syncPlan(db, file, { plansDir: dir });
  expect(await datesOf(planId)).toEqual({ start: '2026-01-01', target: '2026-04-15' });

  // Cleared from the dashboard: the line goes.
  await applyStructure(db, { id: planId }, [{ kind: 'set-dates', startDate: null, targetDate: '2026-04-15' }], {
    source: 'ui',
    actor: null,
    plansDir: dir,
  });
  expect(readFileSync(file, 'utf8')).not.toContain('Start Date');
  expect(await datesOf(planId)).toEqual({ start: null, target: '2026-04-15' });
});
