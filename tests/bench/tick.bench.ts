// Write-back latency: one tick (setStatus: status + bookkeeping edits, intent, atomic file write, one
// transaction) on the seed and on the generated 10,000-item plan, beside the floor measured in the same run
// — an atomic write of the same file plus one database commit — and the rate 20 concurrent writers sustain.
// Goal (issue 15): tick p50 ≤ 2× the floor on both plans and both databases: flat in plan size. Beside the
// wall-clock ratio, the CPU this process spent per tick and per floor: steadier on a shared machine.
// On PGlite and on the PostgreSQL server (a scratch database it creates and drops; TICKMARK_BENCH_SERVER
// names the server), each in its own child process.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePlan } from './generate-plan';
import { formatMs, formatRatio, formatTable, median, verdict } from './lib/stats';

const GOAL = 2;
import { inWorkDir, onEachDriver, type Driver } from './lib/scratch-database';

const SEED_PATH = fileURLToPath(new URL('../fixtures/seed/input.md', import.meta.url));
const TICKS = { seed: 200, 'generated-10k': 100 };
/** Ticks (and floors) before the measured ones: the first ticks of a process run before V8 has optimized the
 * tick's code, which a server runs for hours (with 5, the example plan's p50 read 2.6× its floor; with 50, 2.1×).
 * V8 still compiles parts of it for thousands of ticks: TICKMARK_BENCH_TICK_WARMUP=1000 measures that state. */
const WARM_UP = Number(process.env.TICKMARK_BENCH_TICK_WARMUP ?? 50);
const WRITERS = 20;
const PER_WRITER = 10;

interface InputResult {
  name: string;
  items: number;
  bytes: number;
  tick: number[];
  floor: number[];
  /** CPU time of this process (user + system) per tick and per floor, mean: steadier than wall time on a
   * shared machine (the PostgreSQL server's own CPU is not in it). */
  cpu: { tick: number; floor: number };
  /** 20 concurrent writers: ticks done and wall time. */
  concurrent: { ticks: number; ms: number };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function child(driver: Driver, url: string | undefined): Promise<InputResult[]> {
  return inWorkDir(driver, url, 'tick', async (work) => {
    const { getDb, closeDb } = await import('../../db/client');
    const { syncPlan } = await import('../../sync/import');
    const { setStatus } = await import('../../sync/engine');
    const { writeFileAtomic } = await import('../../sync/atomic-write');
    const { parsePlan } = await import('../../parser/index');
    const { syncState } = await import('../../db/schema');
    const { eq } = await import('drizzle-orm');
    const db = await getDb();
    const plansDir = path.join(work, 'plans');
    mkdirSync(plansDir);

    const inputs: { name: keyof typeof TICKS; text: string }[] = [
      { name: 'seed', text: readFileSync(SEED_PATH, 'utf8') },
      { name: 'generated-10k', text: generatePlan({ items: 10_000, seed: 1 }) },
    ];
    const results: InputResult[] = [];
    for (const input of inputs) {
      const file = path.join(plansDir, `${input.name}.md`);
      const floorFile = path.join(plansDir, `.floor-${input.name}.md`);
      writeFileSync(file, input.text);
      writeFileSync(floorFile, input.text);
      const r = await syncPlan(db, file, { plansDir });
      if (r.error) throw new Error(r.error);
      const planId = r.planId!;
      const model = parsePlan(input.text);
      // Items with IDs, flipped done ↔ todo: every tick is a real change with log bookkeeping.
      const keys = model.items.filter((i) => i.id).map((i) => i.key);
      const status = new Map(model.items.map((i) => [i.key, i.status]));
      let next = 0;
      const tickOnce = async () => {
        const key = keys[next++ % keys.length];
        const to = status.get(key) === 'done' ? 'todo' : 'done';
        status.set(key, to);
        await setStatus(db, { id: planId }, key, to, { source: 'cli', actor: 'bench', plansDir });
      };
      const floorOnce = async () => {
        await writeFileAtomic(floorFile, input.text);
        await db.transaction(async (tx) => {
          await tx.update(syncState).set({ syncedAt: new Date() }).where(eq(syncState.planId, planId));
        });
      };
      const cpuMs = { tick: 0, floor: 0 };
      const time = async (f: () => Promise<void>, part: keyof typeof cpuMs) => {
        const s = performance.now();
        const c = process.cpuUsage();
        await f();
        const used = process.cpuUsage(c);
        cpuMs[part] += (used.user + used.system) / 1000;
        return performance.now() - s;
      };
      for (let i = 0; i < WARM_UP; i++) {
        await tickOnce(); // the first also parses the file once and caches the model
        await floorOnce();
      }
      const tick: number[] = [];
      const floor: number[] = [];
      // Interleaved, so both see the same machine load.
      for (let i = 0; i < TICKS[input.name]; i++) {
        floor.push(await time(floorOnce, 'floor'));
        tick.push(await time(tickOnce, 'tick'));
      }
      const started = performance.now();
      await Promise.all(
        Array.from({ length: WRITERS }, async () => {
          for (let i = 0; i < PER_WRITER; i++) await tickOnce();
        }),
      );
      const concurrent = { ticks: WRITERS * PER_WRITER, ms: performance.now() - started };
      results.push({
        name: input.name,
        items: model.items.length,
        bytes: Buffer.byteLength(input.text),
        tick,
        floor,
        cpu: { tick: cpuMs.tick / tick.length, floor: cpuMs.floor / floor.length },
        concurrent,
      });
    }
    await closeDb();
    return results;
  });
}

async function main(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const rows: string[][] = [];
  const { measured, notes } = await onEachDriver<InputResult[]>(self, 'tick');
  for (const { driver, result: results } of measured) {
    for (const r of results) {
      const p50 = median(r.tick);
      const floor = median(r.floor);
      rows.push([
        driver,
        r.name,
        String(r.items),
        `${(r.bytes / 1024).toFixed(0)} KB`,
        formatMs(p50),
        formatMs(percentile(r.tick, 99)),
        formatMs(floor),
        formatRatio(p50 / floor),
        `≤ ${GOAL}×: ${verdict(p50 / floor, GOAL)}`,
        `${formatMs(r.cpu.tick)} / ${formatMs(r.cpu.floor)} (${formatRatio(r.cpu.tick / r.cpu.floor)})`,
        `${((r.concurrent.ticks * 1000) / r.concurrent.ms).toFixed(0)}/s`,
      ]);
    }
  }
  process.stdout.write(
    `${formatTable(['driver', 'plan', 'items', 'size', 'tick p50', 'tick p99', 'floor p50', 'p50 / floor', 'goal', 'cpu tick / floor', `${WRITERS} writers`], rows)}\n`,
  );
  process.stdout.write(
    'floor = atomic write of the same file + one database commit, measured interleaved with the ticks;\n' +
      'cpu = mean CPU time of the bench process (PGlite runs in it; the PostgreSQL server does not)\n',
  );
  if (notes.length) process.stdout.write(`${notes.join('\n')}\n`);
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  const result = await child(args[1] as Driver, args[2] || undefined);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  await main();
}
