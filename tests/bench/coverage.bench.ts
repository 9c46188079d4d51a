// A plan's coverage of its sources, as the Curriculum tab and the item page ask for it on every view: the
// example plan with its five gap analyses, and a large case (2,000 topics in 8 generated sources, the plan
// generated from them), each measured on the first view (compute, record the links) and on a repeat view of
// the same file and sources (kept, decision 046), beside a trivial query on the same connection.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { collectGarbage } from './lib/child';
import { formatMs, formatRatio, formatTable, median } from './lib/stats';
import { inWorkDir, onEachDriver, type Driver } from './lib/scratch-database';
import { createRandom } from './lib/prng';
import { TOPICS } from './lib/words';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CORPUS = path.join(ROOT, 'tests/fixtures/corpus/dd-sdlc-ai');
const RUNS = 7;
const LARGE_SOURCES = 8;
const LARGE_TOPICS = 250;

interface Case {
  items: number;
  topics: number;
  first: number[];
  repeat: number[];
}
interface ChildResult {
  trivial: number[];
  cases: Record<string, Case>;
}

/** A gap analysis of `n` topics in the corpus's table layout, titles made unique by source and number. */
function generatedSource(part: number, n: number, seed: number): string {
  const random = createRandom(seed);
  const pick = <T>(xs: readonly T[]) => random.pick(xs);
  const lines = [`# Gap Analysis: Generated Part ${part}`, ''];
  for (let c = 0; c < n / 25; c++) {
    lines.push(`### Category ${c + 1}: ${TOPICS[c % TOPICS.length].title}`, '');
    lines.push('| Topic | Status | Gap Description | Priority |', '|---|---|---|---|');
    for (let t = 0; t < 25; t++) {
      const status = pick(['MISSING', 'PARTIAL', 'EXISTS']);
      lines.push(
        `| **Topic ${part} ${c} ${t} ${pick(['Design', 'Scaling', 'Tuning', 'Limits'])}** | ${status} | Gap ${t} | ${pick(['HIGH', 'MEDIUM', 'LOW'])} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

async function child(driver: Driver, url: string | undefined): Promise<ChildResult> {
  return inWorkDir(driver, url, 'coverage', async (work) => {
    const { getDb, closeDb } = await import('../../db/client');
    const { syncAll } = await import('../../sync/import');
    const { planCoverage, forgetPlanCoverage } = await import('../../sync/plan-coverage');
    const { generatePlan, parseSource } = await import('../../parser/index');
    const db = await getDb();
    const time = async (f: () => Promise<unknown>) => {
      collectGarbage();
      const s = performance.now();
      await f();
      return performance.now() - s;
    };
    const out: ChildResult = { trivial: [], cases: {} };

    // Sources are global: each case in a database of its own would need two; one after the other instead.
    const measure = async (label: string, dir: string, planFile: string) => {
      const results = await syncAll(db, dir);
      const planId = results.find((r) => r.planId && !r.source)!.planId!;
      const plan = { id: planId, file: planFile };
      const c: Case = { items: 0, topics: 0, first: [], repeat: [] };
      for (let i = 0; i < RUNS; i++) {
        forgetPlanCoverage();
        c.first.push(await time(() => planCoverage(db, plan)));
        c.repeat.push(await time(() => planCoverage(db, plan)));
      }
      const coverage = (await planCoverage(db, plan))!;
      c.items = coverage.items.length;
      c.topics = coverage.topics.length;
      out.cases[label] = c;
    };

    const example = path.join(work, 'example');
    mkdirSync(example);
    for (const n of [1, 2, 3, 4, 5]) {
      copyFileSync(path.join(CORPUS, `part_${n}_gap_analysis.md`), path.join(example, `part_${n}_gap_analysis.md`));
    }
    copyFileSync(path.join(CORPUS, 'implementation-plan.md'), path.join(example, 'plan.md'));
    await measure('example plan, 5 sources', example, path.join(example, 'plan.md'));

    const large = path.join(work, 'large');
    mkdirSync(large);
    const models = [];
    for (let p = 1; p <= LARGE_SOURCES; p++) {
      const text = generatedSource(p, LARGE_TOPICS, p);
      writeFileSync(path.join(large, `gen_${p}_gap_analysis.md`), text);
      models.push(parseSource(text, `gen_${p}_gap_analysis.md`));
    }
    // The example's sources are still stored: the large plan is measured against all 13.
    const plan = generatePlan(models, { include: ['MISSING', 'PARTIAL', 'EXISTS'], prefixes: {} });
    writeFileSync(path.join(large, 'large-plan.md'), plan.text);
    await measure(`large plan, ${LARGE_SOURCES} + 5 sources`, large, path.join(large, 'large-plan.md'));

    for (let i = 0; i < RUNS; i++) out.trivial.push(await time(() => db.execute(sql`select 1`)));
    await closeDb();
    return out;
  });
}

async function main(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const { measured, notes } = await onEachDriver<ChildResult>(self, 'coverage');
  const rows: string[][] = [];
  for (const { driver, result: r } of measured) {
    const trivial = median(r.trivial);
    for (const [label, c] of Object.entries(r.cases)) {
      for (const [view, times] of [
        ['first view', c.first],
        ['repeat view (kept)', c.repeat],
      ] as const) {
        rows.push([
          driver,
          `${label} (${c.items} items, ${c.topics} topics): ${view}`,
          String(times.length),
          formatMs(median(times)),
          formatRatio(median(times) / trivial),
        ]);
      }
    }
    notes.push(`${driver}: select 1 p50 ${formatMs(trivial)}`);
  }
  process.stdout.write(`${formatTable(['driver', 'coverage', 'runs', 'p50', 'vs select 1'], rows)}\n\n`);
  process.stdout.write(`${notes.join('\n')}\n`);
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  const result = await child(args[1] as Driver, args[2] || undefined);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  await main();
}
