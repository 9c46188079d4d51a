// Counting items by status, the one way everywhere: the parser's counts, the counts after a tick, and the
// database's (db/queries/counts.ts) all use these. Counts come from the items, never from what the document states.
import { STATUS_INFO, type Status } from './statuses';
import type { Counts, Item } from './types';

export function emptyCounts(): Counts {
  return { total: 0, done: 0, inProgress: 0, todo: 0, cancelled: 0, remaining: 0, percent: 0 };
}

/** Count one more item, of `status`. */
export function addStatus(c: Counts, status: Status): void {
  c.total++;
  c[STATUS_INFO[status].count]++;
}

/** Move one counted item from one status to another (the total stays). */
function shift(c: Counts, from: Status, to: Status): void {
  c[STATUS_INFO[from].count]--;
  c[STATUS_INFO[to].count]++;
}

/**
 * The percent rule: the done share of the items that are not cancelled, floored (at `decimals` places) so a
 * plan never reads 100% before everything is done; 0 when nothing is countable. Documents get whole numbers,
 * the dashboard and CLI one decimal.
 */
export function percentDone(c: Pick<Counts, 'total' | 'done' | 'cancelled'>, decimals = 0): number {
  const scope = c.total - c.cancelled;
  if (scope <= 0) return 0;
  const scale = 10 ** decimals;
  return Math.floor((c.done * 100 * scale) / scope) / scale;
}

/** Fill the derived fields (remaining, percent) from the four status counts. */
export function finishCounts(c: Counts): Counts {
  c.remaining = c.total - c.done - c.cancelled;
  c.percent = percentDone(c);
  return c;
}

export interface PlanCounts {
  total: Counts;
  byPhase: Record<string, Counts>;
}

/** Counts of `items` (as `statusOf` says they are), in total and by phase (only phases that hold items). */
export function countStatuses(items: readonly Item[], statusOf: (item: Item) => Status = (i) => i.status): PlanCounts {
  const total = emptyCounts();
  const byPhase: Record<string, Counts> = {};
  for (const item of items) {
    const s = statusOf(item);
    const targets = [total];
    if (item.phaseKey !== null) targets.push((byPhase[item.phaseKey] ??= emptyCounts()));
    for (const c of targets) addStatus(c, s);
  }
  finishCounts(total);
  for (const c of Object.values(byPhase)) finishCounts(c);
  return { total, byPhase };
}

/** The model's counts moved by the changed items only: no recount of a 10,000-item plan per tick. */
export function countsAfter(
  model: { counts: PlanCounts },
  changed: readonly (readonly [item: Item, status: Status])[],
): PlanCounts {
  const total = { ...model.counts.total };
  const byPhase: Record<string, Counts> = {};
  for (const [k, c] of Object.entries(model.counts.byPhase)) byPhase[k] = { ...c };
  for (const [item, status] of changed) {
    const targets = [total];
    if (item.phaseKey !== null) targets.push((byPhase[item.phaseKey] ??= emptyCounts()));
    for (const c of targets) shift(c, item.status, status);
  }
  finishCounts(total);
  for (const c of Object.values(byPhase)) finishCounts(c);
  return { total, byPhase };
}

/** One item moved from one status to another: shift it between the counts in place. */
export function moveCount(c: Counts, from: Status, to: Status): void {
  shift(c, from, to);
  finishCounts(c);
}
