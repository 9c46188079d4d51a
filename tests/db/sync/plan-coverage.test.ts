// A plan's coverage is kept while its file and the stored sources are unchanged (decision 046): a repeat view
// neither recomputes nor rewrites the recorded links; a changed plan or source is seen on the next view.
import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { testDb, tempPlansDir, repoRoot } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { sources } from '../../../db/schema';
import { coverageLinksOf } from '../../../db/queries/index';
import { syncAll } from '../../../sync/import';
import { planCoverage } from '../../../sync/plan-coverage';

const CORPUS = path.join(repoRoot, 'tests/fixtures/corpus/dd-sdlc-ai');
let db: Db;

beforeAll(async () => {
  db = await testDb();
  await db.delete(sources); // only this file's sources
});

it('keeps the coverage of an unchanged plan and sources, and sees a change to either', async () => {
  const dir = tempPlansDir('plan-coverage');
  for (const n of [1, 2]) {
    copyFileSync(path.join(CORPUS, `part_${n}_gap_analysis.md`), path.join(dir, `part_${n}_gap_analysis.md`));
  }
  const file = path.join(dir, `kept-plan-${process.pid}.md`);
  copyFileSync(path.join(CORPUS, 'implementation-plan.md'), file);
  const planId = (await syncAll(db, dir)).find((r) => r.planId && !r.source)!.planId!;
  const plan = { id: planId, file };

  const first = await planCoverage(db, plan);
  const rows = (await coverageLinksOf(db, planId)).map((l) => l.id);
  expect(rows.length).toBeGreaterThan(0);
  // A repeat view: the same result, and the recorded links are not deleted and inserted again.
  expect(await planCoverage(db, plan)).toBe(first);
  expect((await coverageLinksOf(db, planId)).map((l) => l.id)).toEqual(rows);

  // The plan changes on disk: an item now titled like a part-2 topic links to it on the next view.
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace('**CACHE-001**: Thunder Herd Problem', '**CACHE-001**: Cloud Cost Reduction'));
  const renamed = await planCoverage(db, plan);
  expect(renamed).not.toBe(first);
  expect(renamed!.items.find((i) => i.id === 'CACHE-001')!.topics.map((t) => t.topic)).toEqual([]);

  // A source gains the topic: seen without the plan changing.
  appendFileSync(
    path.join(dir, 'part_1_gap_analysis.md'),
    '\n### Category 99: Cloud\n\n| Topic | Status | Gap Description | Priority |\n|---|---|---|---|\n| **Cloud Cost Reduction** | MISSING | d | HIGH |\n',
  );
  await syncAll(db, dir);
  const withTopic = await planCoverage(db, plan);
  expect(withTopic!.items.find((i) => i.id === 'CACHE-001')!.topics.map((t) => t.topic)).toEqual([
    'Cloud Cost Reduction',
  ]);
});
