// Counts from the items themselves (never from what the document states).

import type { Counts, Status } from './types';

export function emptyCounts(): Counts {
  return { total: 0, done: 0, inProgress: 0, todo: 0, cancelled: 0, remaining: 0, percent: 0 };
}

export function addStatus(c: Counts, status: Status): void {
  c.total++;
  if (status === 'done') c.done++;
  else if (status === 'in-progress') c.inProgress++;
  else if (status === 'cancelled') c.cancelled++;
  else c.todo++;
}

/** Fill the derived fields. Percent is floored so a plan never reads 100% before everything is done. */
export function finishCounts(c: Counts): Counts {
  c.remaining = c.total - c.done - c.cancelled;
  const scope = c.total - c.cancelled;
  c.percent = scope > 0 ? Math.floor((c.done * 100) / scope) : 0;
  return c;
}
