// Burndown from item events. SQL sums the status transitions per UTC day and kind (a few hundred rows even for
// 10,000 items with full history); `computeBurndown` replays them backwards from today's counts. Scope = items
// neither cancelled nor removed; remaining = scope − done. Items present at the first import have no "created"
// event (only their dated completions), so they are scope from the start; later additions, removals,
// cancellations and restorations move the scope line on the day they happened and are kept as `scopeChange`.
import { count, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { itemEvents, items, plans } from '../schema';
import { planCounts } from './plans';

export interface DayDelta {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  fromStatus: string | null;
  toStatus: string;
  n: number;
}

export interface BurndownPoint {
  /** UTC day, YYYY-MM-DD; values are those at the end of that day. */
  day: string;
  scope: number;
  done: number;
  remaining: number;
  /** Net change of scope on that day (items added, removed, cancelled or restored). */
  scopeChange: number;
}

export interface Burndown {
  /** The day before the first change (or the start date when earlier), every day with a change, and today. */
  points: BurndownPoint[];
  /** Fixed baseline: remaining at the start (the start date, else the first point) falling to 0 on the target date. */
  ideal: { from: { date: string; value: number }; to: { date: string; value: number } } | null;
  /** Completions per ISO week (Monday), weeks without any included. */
  weekly: { week: string; completed: number }[];
  /** The plan's active period, what the x-axis spans: its start date or the day before its first recorded
   * change, to its target date, else the day of its last change when nothing remains, else today. */
  range: { from: string; to: string } | null;
  /** Where the recorded history starts (null: none) and how many items were already done then. */
  history: { since: string | null; doneBefore: number; scopeBefore: number };
}

export interface BurndownDay {
  date: string;
  scope: number;
  done: number;
  remaining: number;
}

const inScope = (s: string | null) => (s === 'todo' || s === 'in-progress' || s === 'done' ? 1 : 0);
const isDone = (s: string | null) => (s === 'done' ? 1 : 0);
const MAX_DAYS = 3660;

export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Monday of the ISO week containing `day`. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return addDays(day, -((d.getUTCDay() + 6) % 7));
}

/** Status transitions per UTC day and kind. */
export async function eventDeltasByDay(db: Db, planId: number): Promise<DayDelta[]> {
  const day = sql<string>`to_char(${itemEvents.at} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({ day, fromStatus: itemEvents.fromStatus, toStatus: itemEvents.toStatus, n: count() })
    .from(itemEvents)
    .where(eq(itemEvents.planId, planId))
    .groupBy(day, itemEvents.fromStatus, itemEvents.toStatus)
    .orderBy(day);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Status transitions per UTC day, kind and the phase the item is in now (the overview's per-phase lines). */
export async function eventDeltasByPhase(db: Db, planId: number): Promise<Map<string, DayDelta[]>> {
  const day = sql<string>`to_char(${itemEvents.at} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      phaseKey: items.phaseKey,
      day,
      fromStatus: itemEvents.fromStatus,
      toStatus: itemEvents.toStatus,
      n: count(),
    })
    .from(itemEvents)
    .innerJoin(items, eq(items.id, itemEvents.itemId))
    .where(eq(itemEvents.planId, planId))
    .groupBy(items.phaseKey, day, itemEvents.fromStatus, itemEvents.toStatus)
    .orderBy(day);
  const byPhase = new Map<string, DayDelta[]>();
  for (const { phaseKey, ...r } of rows) {
    const key = phaseKey ?? '';
    if (!byPhase.has(key)) byPhase.set(key, []);
    byPhase.get(key)!.push({ ...r, n: Number(r.n) });
  }
  return byPhase;
}

/** The series from the per-day transitions and the current counts (pure). */
export function computeBurndown(
  deltas: DayDelta[],
  opts: {
    today: string;
    current: { scope: number; done: number };
    startDate?: string | null;
    targetDate?: string | null;
  },
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
  let { scope, done } = opts.current;
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

  const completed = new Map<string, number>();
  for (const day of days) {
    const c = byDay.get(day)!.completed;
    if (c) completed.set(weekOf(day), (completed.get(weekOf(day)) ?? 0) + c);
  }

  let ideal: Burndown['ideal'] = null;
  const start = opts.startDate ?? points[0]?.day ?? null;
  if (start && opts.targetDate && opts.targetDate > start) {
    const atStart = [...points].reverse().find((p) => p.day <= start) ?? points[0];
    ideal = { from: { date: start, value: atStart ? atStart.remaining : 0 }, to: { date: opts.targetDate, value: 0 } };
  }
  const since = days[0] ?? null;
  let range: Burndown['range'] = null;
  if (since) {
    const from = points[0].day;
    const last = days.at(-1)!;
    const finished = opts.current.scope - opts.current.done === 0;
    let to = opts.targetDate ?? (finished ? last : opts.today);
    if (to < last) to = last;
    range = { from, to: to > from ? to : addDays(from, 1) };
  }
  const first = points[0];
  return {
    points,
    ideal,
    weekly: fillWeeks(completed),
    range,
    history: { since, doneBefore: since ? first.done : 0, scopeBefore: since ? first.scope : 0 },
  };
}

/** Weeks without completions still get a bar of 0, so gaps are visible (capped to the last 104 weeks). */
function fillWeeks(map: Map<string, number>): { week: string; completed: number }[] {
  const weeks = [...map.keys()].sort();
  const out: { week: string; completed: number }[] = [];
  for (let w = weeks[0]; w && w <= weeks.at(-1)!; w = addDays(w, 7)) out.push({ week: w, completed: map.get(w) ?? 0 });
  return out.slice(-104);
}

/** The step series as one entry per day from the first point to the last (at most the last ten years). */
export function everyDay(points: BurndownPoint[]): BurndownDay[] {
  const out: BurndownDay[] = [];
  if (points.length === 0) return out;
  const last = points.at(-1)!.day;
  let day = points[0].day;
  const earliest = addDays(last, -MAX_DAYS);
  if (day < earliest) day = earliest;
  let i = 0;
  for (; day <= last; day = addDays(day, 1)) {
    while (i + 1 < points.length && points[i + 1].day <= day) i++;
    const p = points[i];
    out.push({ date: day, scope: p.scope, done: p.done, remaining: p.remaining });
  }
  return out;
}

export interface BurndownSeries extends Burndown {
  /** The same series, one entry per day. */
  days: BurndownDay[];
  startDate: string | null;
  targetDate: string | null;
}

/** The plan's burndown: its dates, current counts and event history, through `computeBurndown`. */
export async function burndownSeries(db: Db, planId: number, opts: { today?: Date } = {}): Promise<BurndownSeries> {
  const [plan] = await db
    .select({ startDate: plans.startDate, targetDate: plans.targetDate })
    .from(plans)
    .where(eq(plans.id, planId));
  if (!plan) throw new Error(`no plan with id ${planId}`);
  const [counts, deltas] = await Promise.all([planCounts(db, planId), eventDeltasByDay(db, planId)]);
  const b = computeBurndown(deltas, {
    today: utcDay(opts.today ?? new Date()),
    current: { scope: counts.total - counts.cancelled, done: counts.done },
    startDate: plan.startDate,
    targetDate: plan.targetDate,
  });
  return { ...b, days: everyDay(b.points), startDate: plan.startDate, targetDate: plan.targetDate };
}
