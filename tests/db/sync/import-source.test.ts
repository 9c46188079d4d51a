// Gap analyses in the plans folder are stored as sources with their topics, not as empty plans; a plan's
// coverage of them is computed from the file and recorded in coverage_links.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { testDb, tempPlansDir, repoRoot } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { coverageLinks, plans, sources, sourceTopics } from '../../../db/schema';
import { coverageLinksOf, listPlans, listSources } from '../../../db/queries/index';
import { syncAll } from '../../../sync/import';
import { planCoverage } from '../../../sync/plan-coverage';
import { syncSummaryLine } from '../../../cli/lib/summary-line';

const CORPUS = path.join(repoRoot, 'tests/fixtures/corpus/dd-sdlc-ai');
let db: Db;
beforeAll(async () => {
  db = await testDb();
});

describe('sources in the plans folder', () => {
  it('stores gap analyses as sources with topics and the plan as a plan; links the plan to them', async () => {
    const dir = tempPlansDir('curric');
    for (const n of [1, 2, 3, 4, 5]) {
      copyFileSync(path.join(CORPUS, `part_${n}_gap_analysis.md`), path.join(dir, `part_${n}_gap_analysis.md`));
    }
    copyFileSync(path.join(CORPUS, 'implementation-plan.md'), path.join(dir, 'implementation-plan.md'));
    const results = await syncAll(db, dir);
    const lines = results.map(syncSummaryLine);
    expect(lines.filter((l) => /: source, \d+ topics/.test(l))).toHaveLength(5);

    // This test's sources only: the database is shared with other test files that import the same parts.
    const ids = new Set(results.flatMap((r) => (r.source ? [r.source.sourceId] : [])));
    const mine = (await listSources(db)).filter((s) => ids.has(s.id));
    expect(mine.map((s) => s.topics).sort((a, b) => a - b)).toEqual([58, 59, 72, 85, 100]);
    const planRows = (await listPlans(db)).filter((p) => results.some((r) => r.planId === p.id));
    expect(planRows).toHaveLength(1);
    expect(planRows[0].counts.total).toBe(128);

    // Re-sync: unchanged, nothing duplicated.
    const again = await syncAll(db, dir);
    expect(again.filter((r) => r.source).every((r) => r.outcome === 'unchanged')).toBe(true);
    const [part1] = await db
      .select()
      .from(sources)
      .where(eq(sources.path, mine.find((s) => s.path.endsWith('part_1_gap_analysis.md'))!.path));
    expect(await db.select().from(sourceTopics).where(eq(sourceTopics.sourceId, part1.id))).toHaveLength(59);

    const planId = planRows[0].id;
    const coverage = await planCoverage(db, { id: planId, file: path.join(dir, 'implementation-plan.md') });
    expect(coverage!.items.filter((i) => i.topics.length > 0)).toHaveLength(108);
    const links = await coverageLinksOf(db, planId);
    // Part 3's topic; other test files keep copies of part 3 under longer names in the shared database.
    expect(links.find((l) => l.itemId === 'CLOUD-003')).toMatchObject({
      sourceFile: expect.stringMatching(/part_3_gap_analysis/),
      topic: 'Cloud Cost Reduction Techniques',
      found: 'title',
    });
    // Deleting the plan takes its links with it.
    await db.delete(plans).where(eq(plans.id, planId));
    expect(await db.select().from(coverageLinks).where(eq(coverageLinks.planId, planId))).toEqual([]);
  });
});
