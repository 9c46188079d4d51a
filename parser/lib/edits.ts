// Edits computed from the model, never a re-serialisation: each edit replaces source[start, end) — which
// must still read `expect` — with `text`. Applied from the highest offset down, so earlier offsets hold.

import type { Change, Edit, Item, PlanModel, Status } from './types';
import { cellStatusEdits } from './task-table-edits';
import { STATUS_INFO } from './statuses';
import { localIsoDate } from './dates';
import { itemIndex } from './item-index';
import type { TextView } from './text-view';

export class EditConflictError extends Error {
  readonly name = 'EditConflictError';
  constructor(
    readonly edit: Edit,
    /** What the source holds where the edit expected `edit.expect` (null for overlapping edits). */
    readonly found: string | null,
    message?: string,
  ) {
    super(
      message ??
        `The document changed under this edit: expected ${JSON.stringify(edit.expect)} at ${edit.start}–${edit.end}, found ${JSON.stringify(found)}. Re-read the file and try again.`,
    );
  }
}

/** The change names an item the document (or, with `planSlug`, the tracked plan) does not hold. */
export class UnknownItemError extends Error {
  readonly name = 'UnknownItemError';
  constructor(
    readonly key: string,
    readonly planSlug?: string,
  ) {
    super(
      planSlug === undefined
        ? `No item "${key}" in this document.`
        : `plan "${planSlug}" has no item "${key}" (it may have been removed from the document)`,
    );
  }
}

/** Context handed to every edit planner. */
export interface EditContext {
  model: PlanModel;
  change: Change;
  /** ISO date for date-bearing markers (`✅ 2026-01-04`); defaults to the current UTC date. */
  today: string;
  /** The edits planned so far (the item's own edits come first). */
  edits: Edit[];
}

/** A planner adds edits for a change (e.g. document bookkeeping: log rows, summary counts). */
export type EditPlanner = (context: EditContext) => Edit[];

export interface PlanEditsOptions {
  /** ISO date for done checks and log rows; default: the local date (localIsoDate). */
  today?: string;
  /** Extra planners run after the item's own edits, in order. */
  planners?: EditPlanner[];
}

export function planEdits(model: PlanModel, change: Change, opts: PlanEditsOptions = {}): Edit[] {
  const today = opts.today ?? localIsoDate();
  const edits: Edit[] = [];
  switch (change.kind) {
    case 'set-status': {
      const item = findItem(model, change.key);
      if (!item) throw new UnknownItemError(change.key);
      edits.push(...statusEdits(model, item, change.status, today));
      break;
    }
    default: {
      const never: never = change.kind;
      throw new Error(`Unknown change kind ${String(never)}`);
    }
  }
  for (const planner of opts.planners ?? []) edits.push(...planner({ model, change, today, edits: [...edits] }));
  return edits;
}

export function findItem(model: PlanModel, key: string): Item | undefined {
  const at = itemIndex(model.items).get(key);
  return at === undefined ? undefined : model.items[at];
}

/** The marker character a status is written with in this document. */
export function markerFor(model: PlanModel, status: Status): string {
  if (status === 'done') return model.conventions.doneMarker;
  if (status === 'in-progress') return model.conventions.inProgressMarker;
  return STATUS_INFO[status].markers[0];
}

/**
 * The status character, and — where the document marks done items with a trailing check — the check:
 * added on the way to done (in the document's exact form, mojibake included, dated when the document
 * dates its checks), removed on the way out.
 */
export function statusEdits(model: PlanModel, item: Item, status: Status, today: string): Edit[] {
  if (item.status === status) return [];
  if (item.cell) return cellStatusEdits(model, item, item.cell, status, markerFor(model, status));
  const edits: Edit[] = [];
  edits.push({
    start: item.statusSpan.start,
    end: item.statusSpan.end,
    expect: item.marker,
    text: markerFor(model, status),
  });
  const { checkOnDone, doneCheck, checkDated } = model.conventions;
  if (!checkOnDone) return edits;
  const check = item.check ?? null;
  if (status === 'done' && !check) {
    const at = item.textSpan.end;
    edits.push({ start: at, end: at, expect: '', text: ` ${doneCheck}${checkDated ? ` ${today}` : ''}` });
  } else if (item.status === 'done' && status !== 'done' && check) {
    edits.push({ start: check.span.start, end: check.span.end, expect: check.text, text: '' });
  }
  return edits;
}

/**
 * Apply edits to the exact source they were planned against. Every edit is checked before any is applied;
 * a mismatch or an overlap throws EditConflictError and nothing changes.
 */
export function applyEdits(source: TextView, edits: readonly Edit[]): string {
  // Splice in one pass: pieces between edits, joined lowest offset first.
  const parts: string[] = [];
  let at = 0;
  for (const edit of checkedEdits(source, edits)) {
    parts.push(source.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  parts.push(source.slice(at));
  return parts.join('');
}

/** Document order of edits; insertions at one offset keep their given order (the sort is stable). */
export function byOffset(a: Edit, b: Edit): number {
  return a.start - b.start || a.end - b.end;
}

/** `edits` in the order applyEdits applies them (ascending; insertions at one offset in the given order), each
 * checked against `source` first: a mismatch or an overlap throws EditConflictError. */
export function checkedEdits(source: TextView, edits: readonly Edit[]): Edit[] {
  const ordered = [...edits].sort(byOffset);
  let limit = 0;
  for (const edit of ordered) {
    if (!(edit.start >= 0 && edit.end >= edit.start && edit.end <= source.length)) {
      throw new EditConflictError(
        edit,
        null,
        `Edit ${edit.start}–${edit.end} lies outside the document (length ${source.length}).`,
      );
    }
    const found = source.slice(edit.start, edit.end);
    if (found !== edit.expect) throw new EditConflictError(edit, found);
    if (edit.start < limit) {
      throw new EditConflictError(
        edit,
        null,
        `Edits overlap at ${edit.start}–${edit.end}; plan them against one version of the document.`,
      );
    }
    limit = edit.end;
  }
  return ordered;
}

/** The edits that turn `applyEdits(source, edits)` back into `source`: each one addressed in the new text and
 * expecting the text the edit wrote, so applyEdits refuses them when that text has changed since. */
export function inverseEdits(edits: readonly Edit[]): Edit[] {
  let shift = 0;
  return [...edits].sort(byOffset).map((e) => {
    const start = e.start + shift;
    shift += e.text.length - (e.end - e.start);
    return { start, end: start + e.text.length, expect: e.text, text: e.expect };
  });
}
