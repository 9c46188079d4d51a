// Import of the generated 10,000-item plan into the database, each step beside the time of parsing the same
// text alone: first import, a no-op re-sync (same bytes: hash check, no parse, no writes) and a one-line
// re-sync (one checkbox flipped: re-parse of the pieces around it + one item written), all beside a cold
// parse. On PGlite and on the PostgreSQL server, each in its own child process. The server run uses a
// scratch database it creates and drops (TICKMARK_BENCH_SERVER, default
// postgres://postgres@127.0.0.1:5432/postgres, names the server).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePlan } from './generate-plan';
import { collectGarbage, peakRss } from './lib/child';
import { formatMb, formatMs, formatRatio, formatTable, median, verdict } from './lib/stats';
import { inWorkDir, onEachDriver, type Driver } from './lib/scratch-database';

interface ChildResult {
  items: number;
  bytes: number;
  openMs: number;
  /** Parse-alone times, each measured right before the matching step run. */
  parse: { first: number[]; noop: number[]; oneLine: number[] };
  first: number[];
  noop: number[];
  oneLine: number[];
  oneLineWrites: { updated: number; events: number };
  /** CPU time of this process (user + system) per step run, in the order of the wall times: steadier than
   * wall time on a shared machine (PGlite runs in this process; the PostgreSQL server does not). */
  cpu: { first: number[]; noop: number[]; oneLine: number[]; seedOneLine: number[] };
  /** The same one-line re-sync on the example plan (tests/fixtures/seed), with its own cold parse. */
  seed: { parse: number[]; oneLine: number[] };
  peakRss: number;
}

/** Issue 15: a one-line re-sync costs ≤ 50 ms on the 10k plan and on the example, flat in plan size. */
const ONE_LINE_GOAL_MS = 50;
const SEED_PATH = fileURLToPath(new URL('../fixtures/seed/input.md', import.meta.url));

const ITEMS = 10_000;
const RUNS = { noop: 5, oneLine: 3 };

async function child(driver: Driver, url: string | undefined): Promise<ChildResult> {
  return inWorkDir(driver, url, 'sync', async (work) => {
    const { getDb, closeDb } = await import('../../db/client');
    const { syncPlan } = await import('../../sync/import');
    const { parsePlan } = await import('../../parser/index');
    const { forgetParsedPieces } = await import('../../parser/index');

    const text = generatePlan({ items: ITEMS, seed: 1 });
    const plansDir = path.join(work, 'plans');
    const file = path.join(plansDir, 'generated-10k.md');
    mkdirSync(plansDir);
    writeFileSync(file, text);

    const t = performance.now();
    const db = await getDb();
    const openMs = performance.now() - t;

    const cpu: ChildResult['cpu'] = { first: [], noop: [], oneLine: [], seedOneLine: [] };
    /** Wall time of `f`; its CPU time goes to `cpuOf` when given. */
    const time = async (f: () => Promise<unknown> | unknown, cpuOf?: number[]) => {
      collectGarbage();
      const c = process.cpuUsage();
      const s = performance.now();
      await f();
      const wall = performance.now() - s;
      const used = process.cpuUsage(c);
      cpuOf?.push((used.user + used.system) / 1000);
      return wall;
    };
    // Each step run is paired with a parse of the same text right before it, so the ratio holds even when
    // the machine's load drifts during the run.
    const parse = { first: [] as number[], noop: [] as number[], oneLine: [] as number[] };
    let items = 0;
    // The baseline is a cold parse: no pieces of an earlier parse reused (parser/lib/pieces.ts).
    const parseOnce = () => time(() => (items = parsePlan(text, { reuse: false }).items.length));
    await parseOnce(); // warm-up: the first parse also compiles the parser

    parse.first.push(await parseOnce());
    forgetParsedPieces(); // the first import parses the file cold, as a first run does
    const first = [await time(() => syncPlan(db, file, { plansDir }), cpu.first)];
    const noop: number[] = [];
    for (let i = 0; i < RUNS.noop; i++) {
      parse.noop.push(await parseOnce());
      noop.push(
        await time(async () => {
          const r = await syncPlan(db, file, { plansDir });
          if (r.outcome !== 'unchanged') throw new Error(`no-op re-sync was ${r.outcome}`);
        }, cpu.noop),
      );
    }
    // Flip one checkbox back and forth: each run is a real one-line change.
    const oneLine: number[] = [];
    let writes = { updated: 0, events: 0 };
    let current = readFileSync(file, 'utf8');
    const at = current.indexOf('- [ ] **');
    for (let i = 0; i < RUNS.oneLine; i++) {
      const mark = current[at + 3] === ' ' ? 'x' : ' ';
      current = current.slice(0, at + 3) + mark + current.slice(at + 4);
      writeFileSync(file, current);
      parse.oneLine.push(await parseOnce());
      oneLine.push(
        await time(async () => {
          const r = await syncPlan(db, file, { plansDir });
          writes = { updated: r.changes.updated, events: r.changes.events };
        }, cpu.oneLine),
      );
    }
    // The example plan: the same flip, beside its own cold parse.
    const seed = { parse: [] as number[], oneLine: [] as number[] };
    const seedFile = path.join(plansDir, 'seed.md');
    let seedText = readFileSync(SEED_PATH, 'utf8');
    writeFileSync(seedFile, seedText);
    await syncPlan(db, seedFile, { plansDir });
    const seedAt = seedText.indexOf('- [x] **');
    for (let i = 0; i < RUNS.oneLine * 3; i++) {
      const mark = seedText[seedAt + 3] === ' ' ? 'x' : ' ';
      seedText = seedText.slice(0, seedAt + 3) + mark + seedText.slice(seedAt + 4);
      writeFileSync(seedFile, seedText);
      seed.parse.push(await time(() => parsePlan(seedText, { reuse: false })));
      seed.oneLine.push(await time(() => syncPlan(db, seedFile, { plansDir }), cpu.seedOneLine));
    }
    await closeDb();
    return {
      seed,
      items,
      bytes: Buffer.byteLength(text),
      openMs,
      parse,
      first,
      noop,
      oneLine,
      oneLineWrites: writes,
      cpu,
      peakRss: peakRss(),
    };
  });
}

async function main(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const rows: string[][] = [];
  const { measured, notes } = await onEachDriver<ChildResult>(self, 'sync');
  for (const { driver, result: r } of measured) {
    const step = (plan: string, name: string, times: number[], cpu: number[], parse: number[], goalMs?: number) => [
      driver,
      plan,
      name,
      String(times.length),
      formatMs(median(times)),
      formatMs(median(cpu)),
      formatMs(median(parse)),
      formatRatio(median(times) / median(parse)),
      goalMs === undefined ? '' : `≤ ${goalMs} ms: ${verdict(median(times), goalMs)}`,
    ];
    rows.push(
      step('10k', 'first import', r.first, r.cpu.first, r.parse.first),
      step('10k', 'no-op re-sync', r.noop, r.cpu.noop, r.parse.noop),
      step('10k', 'one-line re-sync', r.oneLine, r.cpu.oneLine, r.parse.oneLine, ONE_LINE_GOAL_MS),
      step('example', 'one-line re-sync', r.seed.oneLine, r.cpu.seedOneLine, r.seed.parse, ONE_LINE_GOAL_MS),
    );
    notes.push(
      `${driver}: ${r.items} items, ${(r.bytes / 1024).toFixed(0)} KB; database open + migrations ${formatMs(r.openMs)}; ` +
        `one-line re-sync wrote ${r.oneLineWrites.updated} item / ${r.oneLineWrites.events} event; peak RSS ${formatMb(r.peakRss)}`,
    );
  }
  process.stdout.write(
    `${formatTable(['driver', 'plan', 'step', 'runs', 'median', 'cpu median', 'cold parse', 'ratio to parse', 'goal'], rows)}\n\n`,
  );
  process.stdout.write(`${notes.join('\n')}\n`);
  process.stdout.write(
    'cpu = CPU time of the bench process per run (PGlite runs in it; the PostgreSQL server does not): on a ' +
      'shared machine it moves far less than the wall time the goal is set in\n',
  );
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  const result = await child(args[1] as Driver, args[2] || undefined);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  await main();
}
