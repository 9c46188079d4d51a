// The weekly report on the generated 10,000-item plan (its progress log spans 2025-09 … 2026-07): the report's
// database reads and assembly (db/queries/report.ts, forecast included) beside a trivial query on the same
// connection, and the forecast's 10,000 trials alone (goal ≤ 50 ms). The dashboard's Reports page is not
// built yet, so the page-versus-trivial-route figure the issue asks for is not measured here.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { generatePlan } from './generate-plan';
import { collectGarbage } from './lib/child';
import { formatMs, formatRatio, formatTable, median } from './lib/stats';
import { inWorkDir, onEachDriver, type Driver } from './lib/scratch-database';

interface ChildResult {
  events: number;
  report: number[];
  trivial: number[];
  forecast: number[];
  forecastInput: string;
}

const ITEMS = 10_000;
const RUNS = 9;
const FORECAST_GOAL_MS = 50;

async function child(driver: Driver, url: string | undefined): Promise<ChildResult> {
  return inWorkDir(driver, url, 'report', async (work) => {
    const { getDb, closeDb } = await import('../../db/client');
    const { syncPlan } = await import('../../sync/import');
    const { planReport } = await import('../../db/queries/report');
    const { forecast } = await import('../../report/forecast');
    const { plans } = await import('../../db/schema');
    const { eq } = await import('drizzle-orm');

    const plansDir = path.join(work, 'plans');
    const file = path.join(plansDir, 'generated-10k.md');
    mkdirSync(plansDir);
    writeFileSync(file, generatePlan({ items: ITEMS, seed: 1 }));
    const db = await getDb();
    const r = await syncPlan(db, file, { plansDir, now: new Date('2026-07-06T12:00:00Z') });
    const [plan] = await db.select().from(plans).where(eq(plans.id, r.planId!));
    const now = new Date('2026-07-06T12:00:00Z');
    const sel = { week: '2026-W27' };

    const time = async (f: () => Promise<unknown> | unknown) => {
      collectGarbage();
      const s = performance.now();
      await f();
      return performance.now() - s;
    };
    const report = await planReport(db, plan, sel, { now }); // warm-up, and the forecast's inputs
    const out: ChildResult = {
      events: r.changes.events,
      report: [],
      trivial: [],
      forecast: [],
      forecastInput: `${report.forecast.remaining} remaining in ${report.byPhase.length} phases, weekly completions ${report.forecast.inputs.map((w) => w.completed).join('/')}`,
    };
    for (let i = 0; i < RUNS; i++) {
      out.trivial.push(await time(() => db.execute(sql`select 1`)));
      out.report.push(await time(() => planReport(db, plan, sel, { now })));
    }
    const input = {
      phases: report.byPhase.map((p) => ({ key: p.key, remaining: p.remaining })),
      history: report.forecast.inputs,
      asOf: report.week.end,
    };
    for (let i = 0; i < RUNS * 2; i++) out.forecast.push(await time(() => forecast(input)));
    await closeDb();
    return out;
  });
}

async function main(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const { measured, notes } = await onEachDriver<ChildResult>(self, 'report');
  const rows: string[][] = [];
  for (const { driver, result: r } of measured) {
    const f = median(r.forecast);
    rows.push(
      [
        driver,
        'report (reads + forecast)',
        String(r.report.length),
        formatMs(median(r.report)),
        formatRatio(median(r.report) / median(r.trivial)),
        'vs select 1',
        '—',
      ],
      [
        driver,
        'forecast, 10,000 trials',
        String(r.forecast.length),
        formatMs(f),
        '—',
        `≤ ${FORECAST_GOAL_MS} ms`,
        f <= FORECAST_GOAL_MS ? 'met' : 'missed',
      ],
    );
    notes.push(
      `${driver}: ${r.events} history events; forecast input: ${r.forecastInput}; select 1 p50 ${formatMs(median(r.trivial))}`,
    );
  }
  process.stdout.write(`${formatTable(['driver', 'step', 'runs', 'p50', 'ratio', 'goal', 'result'], rows)}\n\n`);
  process.stdout.write(`${notes.join('\n')}\n`);
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  const result = await child(args[1] as Driver, args[2] || undefined);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  await main();
}
