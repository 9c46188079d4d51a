// Counting items by status, the same way everywhere (CLI status, dashboard overview, reports).
import { sql, type SQL } from 'drizzle-orm';
import type { Counts } from '../../parser/index';
import { percentDone } from '../../parser/status-registry';
import { items } from '../schema';

/** The parser's `Counts` shape (remaining = total − done − cancelled), with the parser's percent rule
 * (parser/lib/counts.ts) at one decimal. */
export type StatusCounts = Counts;

/** Select-list fragments that count active items of a group. Use with `.where(isNull(items.removedAt))`. */
export const countColumns = {
  total: sql<number>`count(*)::int`,
  done: sql<number>`(count(*) filter (where ${items.status} = 'done'))::int`,
  inProgress: sql<number>`(count(*) filter (where ${items.status} = 'in-progress'))::int`,
  todo: sql<number>`(count(*) filter (where ${items.status} = 'todo'))::int`,
  cancelled: sql<number>`(count(*) filter (where ${items.status} = 'cancelled'))::int`,
} satisfies Record<string, SQL<number>>;

export type RawCounts = { total: number; done: number; inProgress: number; todo: number; cancelled: number };

export function finishCounts(raw: RawCounts | undefined): StatusCounts {
  const r = {
    total: Number(raw?.total ?? 0),
    done: Number(raw?.done ?? 0),
    inProgress: Number(raw?.inProgress ?? 0),
    todo: Number(raw?.todo ?? 0),
    cancelled: Number(raw?.cancelled ?? 0),
  };
  return { ...r, remaining: r.total - r.cancelled - r.done, percent: percentDone(r, 1) };
}

/** Adds one group's raw counts into a running total (phase totals from per-section groups). */
export function addCounts(into: RawCounts, r: RawCounts): RawCounts {
  into.total += Number(r.total);
  into.done += Number(r.done);
  into.inProgress += Number(r.inProgress);
  into.todo += Number(r.todo);
  into.cancelled += Number(r.cancelled);
  return into;
}

export function zeroCounts(): RawCounts {
  return { total: 0, done: 0, inProgress: 0, todo: 0, cancelled: 0 };
}
