// `tickmark set` on the file alone: parse, plan the edits, apply them, and write atomically if the file did
// not change meanwhile. The database engine (sync/engine/) takes over when the plan is tracked; both plan
// the edits the same way: planEdits with the bookkeeping planner (summary, headings, dates, log).
import { applyEdits, localIsoDate, statusChangeEdits, type Edit, type Item, type Status } from '../../parser/index';
import { replaceFileIfUnchanged } from '../../sync/writer';
import { loadPlan } from './plan-file';
import { resolveItem } from './resolve-item';

export interface SetStatusInFileOptions {
  /** ISO date for done-dates and log rows; defaults to today's local date. */
  today?: string;
  /** Compute and report, write nothing. */
  dryRun?: boolean;
  /** Fills the Notes cell of the progress-log row a completion writes. */
  note?: string;
}

export interface SetStatusInFileResult {
  item: Item;
  from: Status;
  to: Status;
  edits: Edit[];
  /** The new document text (equal to the old one when nothing changes). */
  text: string;
  written: boolean;
}

export async function setStatusInFile(
  path: string,
  itemRef: string,
  status: Status,
  opts: SetStatusInFileOptions = {},
): Promise<SetStatusInFileResult> {
  const plan = await loadPlan(path);
  const item = resolveItem(plan.model, itemRef);
  if (item.status === status)
    return { item, from: item.status, to: status, edits: [], text: plan.source, written: false };
  const today = opts.today ?? localIsoDate();
  // The engine's way (sync/engine/tick.ts): the item's own edits, then its bookkeeping.
  const change = { kind: 'set-status', key: item.key, status, note: opts.note } as const;
  const edits = statusChangeEdits(plan.source, plan.model, change, today).sort((a, b) => a.start - b.start);
  const text = applyEdits(plan.source, edits);
  if (!opts.dryRun && text !== plan.source) await replaceFileIfUnchanged(plan.path, text, plan.bytes);
  return { item, from: item.status, to: status, edits, text, written: !opts.dryRun && text !== plan.source };
}
