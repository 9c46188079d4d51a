// The page memos (decision 056): a change this process makes drops them at once, also one whose compute is
// still running; on the embedded database they then live minutes (nothing else writes it), on PostgreSQL 10 s.
import type { AppLoadContext } from '@remix-run/node';
import { cachedForPlan } from '../../../../app/lib/cache.server';

type Listener = (event: { planId: number }) => void;
const listeners: Listener[] = [];
const context = { tickmark: { onPlanChanged: (l: Listener) => listeners.push(l) } } as unknown as AppLoadContext;
const changed = (planId: number) => listeners.forEach((l) => l({ planId }));

let plan = 100; // a plan of its own per test: the memo is module state
beforeEach(() => {
  plan++;
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

/** A compute that counts its runs and reads `value` when it starts, answering once released. */
function counted(value: () => string) {
  let runs = 0;
  let release = () => {};
  const compute = () => {
    runs++;
    const read = value();
    return new Promise<string>((resolve) => (release = () => resolve(read)));
  };
  return { compute, runs: () => runs, release: () => release() };
}

it('drops a plan’s entries on its change, also one still being computed', async () => {
  let state = 'before';
  const c = counted(() => state);
  const first = cachedForPlan(context, plan, 'progress', c.compute);
  // Read before the change, answered after it: only the request that was already waiting gets it.
  state = 'after';
  changed(plan);
  c.release();
  expect(await first).toBe('before');
  const second = cachedForPlan(context, plan, 'progress', c.compute);
  c.release();
  expect(await second).toBe('after');
  expect(c.runs()).toBe(2);
  // Another plan's change leaves it alone.
  changed(plan + 1000);
  expect(await cachedForPlan(context, plan, 'progress', c.compute)).toBe('after');
  expect(c.runs()).toBe(2);
});

it('keeps an entry for minutes on the embedded database, where only this process writes', async () => {
  vi.stubEnv('DATABASE_URL', '');
  delete process.env.DATABASE_URL;
  const c = counted(() => 'rows');
  const first = cachedForPlan(context, plan, 'rows', c.compute);
  c.release();
  await first;
  vi.advanceTimersByTime(60_000);
  const kept = cachedForPlan(context, plan, 'rows', c.compute);
  c.release();
  await kept;
  expect(c.runs()).toBe(1);
  vi.advanceTimersByTime(300_000);
  const again = cachedForPlan(context, plan, 'rows', c.compute);
  c.release();
  await again;
  expect(c.runs()).toBe(2);
});

it('lets an entry expire after 10 s on PostgreSQL, which other processes may write', async () => {
  vi.stubEnv('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/none');
  const c = counted(() => 'rows');
  const first = cachedForPlan(context, plan, 'rows', c.compute);
  c.release();
  await first;
  vi.advanceTimersByTime(9_000);
  const kept = cachedForPlan(context, plan, 'rows', c.compute);
  c.release();
  await kept;
  expect(c.runs()).toBe(1);
  vi.advanceTimersByTime(2_000);
  const again = cachedForPlan(context, plan, 'rows', c.compute);
  c.release();
  await again;
  expect(c.runs()).toBe(2);
});
