// The bookkeeping a status change implies, as offset edits against the parsed text: the progress log (a done
// item joins today's row; an undone item leaves the row it was logged in), the summary dashboard numbers, the
// phase headings' `(N items)`, `**Last Updated**:` and the `**Progress**:` percentage. Everything is written
// in the document's own conventions, and only where the document already keeps such bookkeeping: a plan
// without a summary table or a log gets none added. The item's own status character is planEdits' job.
// Each part is a planner in write-back/ (summary-edits, date-edits, log-edits); this module runs them.
import type { Change, Edit, PlanModel, Status } from './types';
import { planEdits, type EditPlanner } from './edits';
import { countsAfter } from './counts';
import { itemIndex } from './item-index';
import { Edits } from './write-back/edit-list';
import { phaseCountEdits, progressEdit, summaryEdits } from './write-back/summary-edits';
import { lastUpdatedEdit } from './write-back/date-edits';
import { logEdits, logNote, type Changed } from './write-back/log-edits';
import type { TextView } from './text-view';
import { isIsoDate } from './dates';

export interface BookkeepingOptions {
  /** The local date of the change, `YYYY-MM-DD`. */
  today: string;
  /** Text for the Notes cell of the log row a completion writes (appended after `; ` to a row's notes). */
  note?: string;
  /** Who made the change: credited in the log's By/Who column, where the log has one (appended after `, `). */
  by?: string;
}

/** Statuses after the change, by item key; items not named keep their status. */
export type StatusesAfter = ReadonlyMap<string, Status> | Readonly<Record<string, Status>>;

export function bookkeepingEdits(
  source: TextView,
  model: PlanModel,
  statusesAfter: StatusesAfter,
  opts: BookkeepingOptions,
): Edit[] {
  // Written into the document (Last Updated, a log row's date): a day of the right shape that is no date would
  // be written as "undefined 1, 2026". The faces check it first; this is the last line.
  if (!isIsoDate(opts.today)) throw new RangeError(`today must be a calendar date (YYYY-MM-DD), not '${opts.today}'`);
  const after = toMap(statusesAfter);
  const changed = changedItems(model, after);
  const edits = new Edits(source);
  const counts = countsAfter(model, changed);

  summaryEdits(edits, source, model, counts);
  phaseCountEdits(edits, source, model, counts);
  lastUpdatedEdit(edits, source, model, opts.today);
  progressEdit(edits, source, model, counts);
  logEdits(edits, source, model, changed, opts.today, logNote(opts.note), logNote(opts.by));
  return edits.list();
}

/** Bookkeeping brought in line with the items as they are (stated drift fixed), with no status change. */
export function refreshBookkeepingEdits(source: TextView, model: PlanModel, opts: BookkeepingOptions): Edit[] {
  return bookkeepingEdits(source, model, new Map(), opts);
}

/** The items whose status the change moves, with their new status, in document order. */
function changedItems(model: PlanModel, after: ReadonlyMap<string, Status>): Changed[] {
  const index = itemIndex(model.items);
  const moved: number[] = [];
  for (const [key, status] of after) {
    const at = index.get(key);
    if (at !== undefined && model.items[at].status !== status) moved.push(at);
  }
  return moved.sort((a, b) => a - b).map((at) => [model.items[at], after.get(model.items[at].key)!]);
}

function toMap(s: StatusesAfter): Map<string, Status> {
  return s instanceof Map ? new Map(s) : new Map(Object.entries(s as Record<string, Status>));
}

/** The bookkeeping as a planner for parser/lib/edits.ts: `planEdits(model, change, {today, planners:
 * [bookkeepingPlanner(source)]})` returns the item's own edits followed by these. */
export function bookkeepingPlanner(source: TextView): EditPlanner {
  return ({ model, change, today }) =>
    bookkeepingEdits(source, model, new Map([[change.key, change.status]]), {
      today,
      note: change.note,
      by: change.by,
    });
}

/** Every edit a status change makes to `source`: the item's own, then its bookkeeping. The engine's tick and
 * `tickmark set` on an untracked file both plan a change this way. */
export function statusChangeEdits(source: TextView, model: PlanModel, change: Change, today: string): Edit[] {
  return planEdits(model, change, { today, planners: [bookkeepingPlanner(source)] });
}
