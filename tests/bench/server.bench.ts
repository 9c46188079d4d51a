// Dashboard response times under load: the real built server (child process, its own PGlite or scratch
// PostgreSQL database) with a generated 10,000-item plan; 20 concurrent clients, each sending requests
// back to back over keep-alive. p50/p99 of the overview and the items page (first page, and filtered by
// status + text) and the weekly report beside a trivial route of the same server and Remix handler (/healthz), in the same run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, startServer } from '../helpers/server';
import { generatePlan } from './generate-plan';
import { formatMs, formatRatio, formatTable, verdict } from './lib/stats';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const CLIENTS = 20;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400); // per route, spread over the clients
const WARMUP = 40;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

function get(url: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', (e) => reject(new Error(`GET ${url} (reading): ${e.message}`)));
    });
    req.on('error', (e) => reject(new Error(`GET ${url}: ${e.message}`)));
  });
}

async function load(url: string, total: number): Promise<{ times: number[]; bytes: number; wallMs: number }> {
  const times: number[] = [];
  let next = 0;
  let bytes = 0;
  const started = performance.now();
  const client = async () => {
    while (next < total) {
      next++;
      const t0 = performance.now();
      const res = await get(url);
      times.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      bytes = res.bytes;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return { times: times.sort((a, b) => a - b), bytes, wallMs: performance.now() - started };
}

/** CPU milliseconds the server process has used (Linux /proc; NaN elsewhere). On a machine shared with other
 * work the wall-clock percentiles move with its load; the CPU a request costs the server moves far less. */
function serverCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN;
  }
}

const plansDir = mkdtempSync(path.join(tmpdir(), 'tickmark-bench-plans-'));
writeFileSync(path.join(plansDir, 'generated-10k.md'), generatePlan({ items: ITEMS, seed: 1 }));
process.stdout.write(`building the app and starting the server with a ${ITEMS.toLocaleString('en')}-item plan…\n`);
buildApp();
const startedAt = performance.now();
const server = await startServer({ plansDir });
process.stdout.write(`server ready in ${formatMs(performance.now() - startedAt)} (initial sync included)\n`);

try {
  const index = await (await fetch(server.url)).text();
  const slug = /href="\/plans\/([^"/]+)"/.exec(index)?.[1];
  if (!slug) throw new Error('the plans index lists no plan');
  // Goals (issue 15): p50 and p99 as multiples of the trivial route's p50 in the same run; null = no goal.
  const routes: [string, string, { p50: number | null; p99: number | null }][] = [
    ['trivial (/healthz)', '/healthz', { p50: null, p99: null }],
    ['plans index', '/', { p50: null, p99: null }],
    ['overview', `/plans/${slug}`, { p50: 3, p99: null }],
    ['items, page 1', `/plans/${slug}/items`, { p50: 3, p99: 5 }],
    ['items, page 50', `/plans/${slug}/items?page=50`, { p50: 3, p99: 5 }],
    ['items, status+text filter', `/plans/${slug}/items?status=todo&q=cache`, { p50: 3, p99: null }],
    // The weekly report of a week inside the generated log (2025-09 … 2026-07): reads, forecast, page (issue 9).
    ['reports, 2026-W27', `/plans/${slug}/reports?week=2026-W27`, { p50: 3, p99: null }],
  ];
  // BENCH_ONLY=reports measures that route (and the trivial one it is compared with) alone.
  const only = process.env.BENCH_ONLY;
  const rows: string[][] = [];
  let baseline = Number.NaN;
  let cpuBaseline = Number.NaN;
  for (const [name, route, goal] of routes) {
    if (only && route !== '/healthz' && !name.includes(only)) continue;
    const url = server.url + route;
    // The first request of a route pays what its cache then saves (the report: reads and forecast).
    const c0 = performance.now();
    await get(url);
    const cold = performance.now() - c0;
    await load(url, WARMUP);
    const cpu0 = serverCpuMs(server.pid);
    const { times, bytes, wallMs } = await load(url, REQUESTS);
    const cpuPerRequest = (serverCpuMs(server.pid) - cpu0) / REQUESTS;
    const p50 = percentile(times, 50);
    const p99 = percentile(times, 99);
    if (route === '/healthz') {
      baseline = p50;
      cpuBaseline = cpuPerRequest;
    }
    const judged = (ratio: number, g: number | null) => (g === null ? '' : `≤ ${g}×: ${verdict(ratio, g)}`);
    rows.push([
      name,
      formatMs(p50),
      formatMs(p99),
      formatRatio(p50 / baseline),
      formatRatio(p99 / baseline),
      judged(p50 / baseline, goal.p50),
      judged(p99 / baseline, goal.p99),
      formatMs(cpuPerRequest),
      formatRatio(cpuPerRequest / cpuBaseline),
      `${Math.round((times.length / wallMs) * 1000)}`,
      `${Math.round(bytes / 1024)} KB`,
      formatMs(cold),
    ]);
  }
  process.stdout.write(
    `\n${ITEMS.toLocaleString('en')} items, ${CLIENTS} concurrent clients, ${REQUESTS} requests per route after ${WARMUP} warm-up\n`,
  );
  process.stdout.write(
    `${formatTable(
      [
        'route',
        'p50',
        'p99',
        'p50 / floor',
        'p99 / floor',
        'p50 goal',
        'p99 goal',
        'server CPU / req',
        'CPU / floor',
        'req/s',
        'body',
        'first request',
      ],
      rows,
    )}\n`,
  );
  process.stdout.write(
    'floor = p50 of the trivial route (/healthz) through the same server and handler, same run; ' +
      'server CPU / req = the server process’s CPU time over the measured requests (steadier than p50 on a loaded machine)\n',
  );
} catch (error) {
  process.stderr.write(`server output:\n${server.output().slice(-3000)}\n`);
  throw error;
} finally {
  agent.destroy();
  await server.stop();
  rmSync(plansDir, { recursive: true, force: true });
}
