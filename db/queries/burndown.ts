// Burndown series from item events: per UTC day, scope(t) and done(t) at the end of that day.
// An item's state before its first event is that event's `from_status` (null = not yet in the plan); an item
// with no events has had its current state all along. Removed and cancelled items are out of scope.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { itemEvents, items, plans } from '../schema';

export interface BurndownDay {
  /** UTC day, YYYY-MM-DD. */
  date: string;
  scope: number;
  done: number;
  /** scope − done */
  remaining: number;
}

export interface Burndown {
  days: BurndownDay[];
  startDate: string | null;
  targetDate: string | null;
  /** Fixed baseline: the scope on the start date falling linearly to 0 on the target date (when both are known). */
  ideal: { from: { date: string; value: number }; to: { date: string; value: number } } | null;
}

const DAY = 86_400_000;
const MAX_DAYS = 3660;

export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

type State = string | null; // a status, 'removed', or null (not yet in the plan)

const inScope = (s: State) => s !== null && s !== 'removed' && s !== 'cancelled';

export async function burndownSeries(db: Db, planId: number, opts: { today?: Date } = {}): Promise<Burndown> {
  const [plan] = await db
    .select({ startDate: plans.startDate, targetDate: plans.targetDate, createdAt: plans.createdAt })
    .from(plans)
    .where(eq(plans.id, planId));
  if (!plan) throw new Error(`no plan with id ${planId}`);
  const rows = await db
    .select({ id: items.id, status: items.status, removedAt: items.removedAt })
    .from(items)
    .where(eq(items.planId, planId));
  const events = await db
    .select({ itemId: itemEvents.itemId, from: itemEvents.fromStatus, to: itemEvents.toStatus, at: itemEvents.at })
    .from(itemEvents)
    .where(eq(itemEvents.planId, planId))
    .orderBy(asc(itemEvents.at), asc(itemEvents.id));

  const state = new Map<number, State>();
  for (const r of rows) state.set(r.id, r.removedAt ? 'removed' : r.status);
  const firstSeen = new Set<number>();
  for (const e of events) {
    if (firstSeen.has(e.itemId)) continue;
    firstSeen.add(e.itemId);
    state.set(e.itemId, e.from);
  }
  let scope = 0;
  let done = 0;
  for (const s of state.values()) {
    if (inScope(s)) scope++;
    if (s === 'done') done++;
  }

  const today = utcDay(opts.today ?? new Date());
  const candidates = [plan.startDate, events[0] ? utcDay(events[0].at) : null, utcDay(plan.createdAt)].filter(Boolean) as string[];
  let start = candidates.sort()[0];
  let end = [today, events.length ? utcDay(events[events.length - 1].at) : today].sort().at(-1)!;
  if (Date.parse(end) - Date.parse(start) > MAX_DAYS * DAY) start = utcDay(new Date(Date.parse(end) - MAX_DAYS * DAY));

  const days: BurndownDay[] = [];
  let i = 0;
  for (let t = Date.parse(start); t <= Date.parse(end); t += DAY) {
    const dayEnd = t + DAY;
    while (i < events.length && events[i].at.getTime() < dayEnd) {
      const e = events[i++];
      const before = state.get(e.itemId) ?? null;
      if (inScope(before)) scope--;
      if (before === 'done') done--;
      state.set(e.itemId, e.to);
      if (inScope(e.to)) scope++;
      if (e.to === 'done') done++;
    }
    days.push({ date: utcDay(new Date(t)), scope, done, remaining: scope - done });
  }

  let ideal: Burndown['ideal'] = null;
  if (plan.startDate && plan.targetDate) {
    const atStart = days.find((d) => d.date >= plan.startDate!) ?? days[0];
    ideal = { from: { date: plan.startDate, value: atStart?.scope ?? 0 }, to: { date: plan.targetDate, value: 0 } };
  }
  return { days, startDate: plan.startDate, targetDate: plan.targetDate, ideal };
}
