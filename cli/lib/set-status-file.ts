// `tickmark set` on the file alone: parse, plan the edits, apply them, and write atomically if the file did
// not change meanwhile. The database engine (sync/engine.ts) takes over when the plan is tracked; both plan
// the same edits: the item's own (status character, ✅) and the bookkeeping (summary, headings, dates, log).
import { applyEdits, planEdits, type Edit, type Item, type Status } from '../../parser/index';
import { bookkeepingEdits } from '../../parser/lib/bookkeeping';
import { localIsoDate } from '../../parser/lib/bookkeeping-dates';
import { loadPlan, writePlanIfUnchanged } from './plan-file';
import { resolveItem } from './resolve-item';

export interface SetStatusInFileOptions {
  /** ISO date for done-dates and log rows; defaults to today's local date. */
  today?: string;
  /** Compute and report, write nothing. */
  dryRun?: boolean;
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
  if (item.status === status) return { item, from: item.status, to: status, edits: [], text: plan.source, written: false };
  const today = opts.today ?? localIsoDate();
  const edits = [
    ...planEdits(plan.model, { kind: 'set-status', key: item.key, status }, { today }),
    ...bookkeepingEdits(plan.source, plan.model, new Map([[item.key, status]]), { today }),
  ].sort((a, b) => a.start - b.start);
  const text = applyEdits(plan.source, edits);
  if (!opts.dryRun && text !== plan.source) await writePlanIfUnchanged(plan, text);
  return { item, from: item.status, to: status, edits, text, written: !opts.dryRun && text !== plan.source };
}
