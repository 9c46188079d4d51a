// sync/report-append.ts with the dashboard's version check: a report computed from one file is not written into
// another (the hash the page saw), and with the right hash it is written once.
import { readFileSync, writeFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { copySeed, tempPlansDir, testDb } from '../../helpers/database';
import { plans } from '../../../db/schema';
import { activeDays, planReport, syncedHash } from '../../../db/queries/report';
import { reportBlockLines } from '../../../report/render';
import { syncPlan } from '../../../sync/import';
import { appendReportBlock, ReportStaleError } from '../../../sync/report-append';
import { hashBytes } from '../../../sync/hash';
import { findReportBlocks } from '../../../parser/index';

it('refuses a stale hash without writing, and appends with the current one', async () => {
  const db = await testDb();
  const dir = tempPlansDir('report-append');
  const file = copySeed(dir);
  const { planId } = await syncPlan(db, file, { plansDir: dir });
  const [plan] = await db.select().from(plans).where(eq(plans.id, planId!));
  const seen = await syncedHash(db, plan.id);
  expect(seen).toBe(hashBytes(readFileSync(file)));
  const report = await planReport(db, plan, { week: '2026-W01' }, { now: new Date('2026-03-01T00:00:00Z') });
  const lines = reportBlockLines(report);

  // An editor saves after the page was computed: the append is refused and the file keeps the editor's bytes.
  const edited = readFileSync(file, 'utf8').replace('Thunder Herd Problem', 'Thundering Herd Problem');
  writeFileSync(file, edited);
  await expect(
    appendReportBlock(db, plan.id, '2026-W01', lines, { plansDir: dir, expectHash: seen! }),
  ).rejects.toBeInstanceOf(ReportStaleError);
  expect(readFileSync(file, 'utf8')).toBe(edited);

  const current = hashBytes(readFileSync(file));
  const r = await appendReportBlock(db, plan.id, '2026-W01', lines, { plansDir: dir, expectHash: current });
  expect(r.changed).toBe(true);
  const text = readFileSync(file, 'utf8');
  expect(findReportBlocks(text).map((b) => b.week)).toEqual(['2026-W01']);
  expect(await syncedHash(db, plan.id)).toBe(hashBytes(readFileSync(file)));
});

it('activeDays lists the days with item events, oldest first', async () => {
  const db = await testDb();
  const dir = tempPlansDir('report-days');
  const { planId } = await syncPlan(db, copySeed(dir), { plansDir: dir });
  // The example plan's log dates its completions on 2026-01-02, 03 and 04.
  expect(await activeDays(db, planId!, 'UTC')).toEqual(['2026-01-02', '2026-01-03', '2026-01-04']);
});
