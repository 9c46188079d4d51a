// Monte Carlo completion forecast: each simulated week replays one week drawn at random from the recent history
// (its completions and its added items together, zero weeks included), until the remaining work is gone.
// Phases are worked in order: a phase's remaining work starts when the phase before it is done, and items added
// in a simulated week join the phase being worked. A fixed seed makes the same history give the same answer.
import { addDays } from './weeks';

export interface HistoryWeek {
  /** Week id, for the report's "inputs used". */
  id: string;
  completed: number;
  added: number;
}

export type ForecastStatus = 'done' | 'insufficient data' | 'no convergence' | 'forecast';
export type TargetStatus =
  'done' | 'insufficient data' | 'no convergence' | 'on track' | 'at risk' | 'off track' | 'no target';

export interface Percentiles {
  p50: string | null;
  p85: string | null;
  p95: string | null;
}

export interface PhaseForecast extends Percentiles {
  key: string;
  remaining: number;
  status: ForecastStatus;
}

export interface Forecast extends Percentiles {
  /** Against the target date when the forecast has dates. */
  status: TargetStatus;
  remaining: number;
  /** The day the forecast counts from (the report week's last day); dates are this plus whole weeks. */
  asOf: string;
  targetDate: string | null;
  trials: number;
  seed: number;
  /** The weeks sampled, oldest first. */
  inputs: HistoryWeek[];
  phases: PhaseForecast[];
}

export const TRIALS = 10_000;
export const SEED = 20260101;
/** Weeks of history sampled. */
export const HISTORY_WEEKS = 12;
/** Fewer weeks that completed anything than this: no forecast. */
export const MIN_ACTIVE_WEEKS = 3;
/** A trial still running after this many weeks (about ten years) has not converged. */
export const MAX_WEEKS = 520;

/** mulberry32: small, fast and good enough for sampling; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function forecast(input: {
  /** Remaining items per phase, in phase order. */
  phases: { key: string; remaining: number }[];
  /** The last weeks of history, oldest first (only the last HISTORY_WEEKS are used). */
  history: HistoryWeek[];
  asOf: string;
  targetDate?: string | null;
  trials?: number;
  seed?: number;
}): Forecast {
  const trials = input.trials ?? TRIALS;
  const seed = input.seed ?? SEED;
  const history = input.history.slice(-HISTORY_WEEKS);
  const remaining = input.phases.reduce((s, p) => s + p.remaining, 0);
  const targetDate = input.targetDate ?? null;
  const base = { remaining, asOf: input.asOf, targetDate, trials, seed, inputs: history };
  const none = { p50: null, p85: null, p95: null };
  const allPhases = (status: ForecastStatus) =>
    input.phases.map((p) => ({ key: p.key, remaining: p.remaining, status: p.remaining ? status : 'done', ...none }));

  if (remaining === 0) return { ...base, status: 'done', ...none, phases: allPhases('done') };
  if (history.filter((w) => w.completed > 0).length < MIN_ACTIVE_WEEKS) {
    return { ...base, status: 'insufficient data', ...none, phases: allPhases('insufficient data') };
  }
  const net = history.reduce((s, w) => s + w.completed - w.added, 0);
  if (net <= 0) return { ...base, status: 'no convergence', ...none, phases: allPhases('no convergence') };

  // weeks[phase][trial]: the simulated week (1-based) in which the phase's last item is done.
  const n = input.phases.length;
  const weeks = input.phases.map(() => new Float64Array(trials));
  const done = history.map((w) => w.completed);
  const added = history.map((w) => w.added);
  const h = history.length;
  const random = seededRandom(seed);
  const left = new Float64Array(n);
  for (let t = 0; t < trials; t++) {
    for (let p = 0; p < n; p++) left[p] = input.phases[p].remaining;
    let p = 0;
    while (p < n && left[p] <= 0) weeks[p++][t] = 0;
    let week = 0;
    while (p < n && week < MAX_WEEKS) {
      week++;
      const j = (random() * h) | 0;
      left[p] += added[j];
      let capacity = done[j];
      // A week's completions finish the current phase and carry over into the next ones.
      while (p < n && capacity >= left[p]) {
        capacity -= left[p];
        weeks[p++][t] = week;
      }
      if (p < n) left[p] -= capacity;
    }
    for (; p < n; p++) weeks[p][t] = Infinity;
  }

  const dateAfter = (w: number) => (Number.isFinite(w) ? addDays(input.asOf, 7 * w) : null);
  const phases: PhaseForecast[] = input.phases.map((ph, i) => {
    const sorted = weeks[i].sort(); // typed arrays sort numerically, without a comparator call
    const p85 = percentile(sorted, 85);
    if (ph.remaining === 0) return { key: ph.key, remaining: 0, status: 'done', ...none };
    return {
      key: ph.key,
      remaining: ph.remaining,
      status: Number.isFinite(p85) ? 'forecast' : 'no convergence',
      p50: dateAfter(percentile(sorted, 50)),
      p85: dateAfter(p85),
      p95: dateAfter(percentile(sorted, 95)),
    };
  });
  // The plan is done when its last phase is.
  const last = weeks[n - 1]; // sorted above
  const dates = {
    p50: dateAfter(percentile(last, 50)),
    p85: dateAfter(percentile(last, 85)),
    p95: dateAfter(percentile(last, 95)),
  };
  let status: TargetStatus;
  if (!dates.p85) status = 'no convergence';
  else if (!targetDate) status = 'no target';
  else if (dates.p85 <= targetDate) status = 'on track';
  else if (dates.p50! <= targetDate) status = 'at risk';
  else status = 'off track';
  return { ...base, status, ...dates, phases };
}
