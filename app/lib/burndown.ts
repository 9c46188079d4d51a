// Burndown and weekly-completion series from per-day status transitions (pure; runs in the loader).
// Scope = items not cancelled and not removed; remaining = scope − done. Scope changes are kept as their own
// series so the chart shows them instead of hiding them in the remaining line.

export interface DayDelta {
  day: string; // YYYY-MM-DD
  fromStatus: string | null;
  toStatus: string;
  n: number;
}

export interface BurndownPoint {
  day: string;
  scope: number;
  done: number;
  remaining: number;
  /** Net change of scope on that day (items added, removed, cancelled or restored). */
  scopeChange: number;
}

export interface Burndown {
  points: BurndownPoint[];
  /** Straight line from (start, scope at start) to (target, 0), or null without a target date. */
  ideal: { start: string; startValue: number; target: string } | null;
  weekly: { week: string; completed: number }[];
}

function inScope(s: string | null): number {
  return s === 'todo' || s === 'in-progress' || s === 'done' ? 1 : 0;
}

function isDone(s: string | null): number {
  return s === 'done' ? 1 : 0;
}

/** Monday of the ISO week containing `day`. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - dow);
  return d.toISOString().slice(0, 10);
}

/**
 * Replays the history backwards from today's counts. Items present at the first import have no "created"
 * event (only their dated completions), so they count as scope from the start; later additions, removals,
 * cancellations and restorations move the scope line on the day they happened.
 */
export function computeBurndown(
  deltas: DayDelta[],
  opts: { today: string; current: { scope: number; done: number }; startDate?: string | null; targetDate?: string | null },
): Burndown {
  const byDay = new Map<string, { scope: number; done: number; completed: number }>();
  for (const d of deltas) {
    const cur = byDay.get(d.day) ?? { scope: 0, done: 0, completed: 0 };
    cur.scope += (inScope(d.toStatus) - inScope(d.fromStatus)) * d.n;
    cur.done += (isDone(d.toStatus) - isDone(d.fromStatus)) * d.n;
    if (d.toStatus === 'done' && d.fromStatus !== 'done') cur.completed += d.n;
    byDay.set(d.day, cur);
  }
  const days = [...byDay.keys()].sort();
  // Values at the end of each event day, walking back from now.
  const points: BurndownPoint[] = [];
  let scope = opts.current.scope;
  let done = opts.current.done;
  if (days.length === 0 || days.at(-1)! < opts.today) {
    points.push({ day: opts.today, scope, done, remaining: scope - done, scopeChange: 0 });
  }
  for (let i = days.length - 1; i >= 0; i--) {
    const delta = byDay.get(days[i])!;
    points.push({ day: days[i], scope, done, remaining: scope - done, scopeChange: delta.scope });
    scope -= delta.scope;
    done -= delta.done;
  }
  // The state before the first recorded change: the day before it, or the plan's start if earlier.
  if (days.length > 0) {
    const dayBefore = addDays(days[0], -1);
    const start = opts.startDate && opts.startDate < dayBefore ? opts.startDate : dayBefore;
    points.push({ day: start, scope, done, remaining: scope - done, scopeChange: 0 });
  } else if (opts.startDate && opts.startDate < opts.today) {
    points.push({ day: opts.startDate, scope, done, remaining: scope - done, scopeChange: 0 });
  }
  points.reverse();

  const weeklyMap = new Map<string, number>();
  for (const day of days) {
    const c = byDay.get(day)!.completed;
    if (c) weeklyMap.set(weekOf(day), (weeklyMap.get(weekOf(day)) ?? 0) + c);
  }
  const weekly = fillWeeks(weeklyMap);

  let ideal: Burndown['ideal'] = null;
  const start = opts.startDate ?? points[0]?.day ?? null;
  if (start && opts.targetDate && opts.targetDate > start) {
    const atStart = [...points].reverse().find((p) => p.day <= start) ?? points[0];
    ideal = { start, startValue: atStart ? atStart.remaining : 0, target: opts.targetDate };
  }
  return { points, ideal, weekly };
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Weeks without completions still get a bar of 0, so gaps are visible (capped to the last 104 weeks). */
function fillWeeks(map: Map<string, number>): { week: string; completed: number }[] {
  const weeks = [...map.keys()].sort();
  if (weeks.length === 0) return [];
  const out: { week: string; completed: number }[] = [];
  const d = new Date(`${weeks[0]}T00:00:00Z`);
  const end = weeks.at(-1)!;
  for (;;) {
    const w = d.toISOString().slice(0, 10);
    if (w > end) break;
    out.push({ week: w, completed: map.get(w) ?? 0 });
    d.setUTCDate(d.getUTCDate() + 7);
  }
  return out.slice(-104);
}
