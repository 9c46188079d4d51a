// The model of a file someone edited, from the model of the text before, when the edit only changed
// checkbox characters of list items (ticking items off in an editor): the same offset update a tick uses
// (model-after-edits.ts), so a re-sync of a 10,000-item plan costs what the flips cost, not a parse.
import type { Edit, Item, PlanModel, Status } from './types';
import { modelAfterEdits } from './model-after-edits';
import { parsePlan } from './parse-plan';
import { CHECKBOX, statusOf } from './statuses';

/** The items whose status the flips changed, by key (what a re-sync has to diff), and the new model. */
export interface FlippedModel {
  model: PlanModel;
  changedKeys: ReadonlySet<string>;
}

/**
 * When `after` differs from `before` only in checkbox characters of list items of `model` (the model of
 * `before`), each changing the item's status, returns the model of `after` — equal to parsePlan(after) —
 * built by updating `model` in place (it must be the caller's own copy). Returns null, leaving `model`
 * untouched, for any other change: the caller parses.
 */
export function modelAfterFlips(before: string, model: PlanModel, after: string): FlippedModel | null {
  if (before.length !== after.length || before === after) return null;
  const items = model.items;
  const edits: Edit[] = [];
  const statuses = new Map<string, Status>();
  let from = 0;
  for (let at = firstDifference(before, after, 0); at !== -1; at = firstDifference(before, after, at + 1)) {
    from = addFlip(items, at, before[at], after[at], from, edits, statuses);
    if (from === -1) return null;
  }
  return { model: modelAfterEdits(model, after, edits, statuses, parsePlan), changedKeys: new Set(statuses.keys()) };
}

/** A text as a base string with single characters replaced: what a re-sync that read flips from the file's
 * bytes knows of the file, without decoding it again (a fresh 2 MB string per flip, decision 057). */
export interface PatchedText {
  base: string;
  /** Replaced characters by offset (the base keeps its length). */
  chars: ReadonlyMap<number, string>;
}

/**
 * modelAfterFlips for a text known as `text` before and with the characters `flips` (offset → character)
 * replaced after: the model of the new text (equal to parsePlan of it) and the new patched text, or null when
 * a flip is no checkbox flip of a list item or lies where the update reads the text itself — the Last
 * Updated or Progress line, a fact, the progress log — or the model has mojibake (checked over the whole
 * text): the caller decodes and parses. `model` is updated in place only when the result is not null.
 */
export function modelAfterFlipsAt(
  text: PatchedText,
  model: PlanModel,
  flips: ReadonlyMap<number, string>,
): (FlippedModel & { text: PatchedText }) | null {
  const { base } = text;
  const charAt = (at: number) => text.chars.get(at) ?? base[at];
  if (model.diagnostics.some((d) => d.code === 'mojibake')) return null;
  const reads: [number, number][] = [];
  for (const fact of model.facts) reads.push([fact.span.start - 1, fact.span.end]);
  for (const part of [model.lastUpdated, model.progress])
    if (part) reads.push([base.lastIndexOf('\n', part.span.start - 1) + 1, lineEnd(base, part.span.end)]);
  if (model.log) reads.push([model.log.heading.start, model.log.end]);
  const items = model.items;
  const edits: Edit[] = [];
  const statuses = new Map<string, Status>();
  const at = [...flips.keys()].sort((a, b) => a - b);
  let from = 0;
  for (const offset of at) {
    const char = flips.get(offset)!;
    const was = charAt(offset);
    if (offset < 0 || offset >= base.length || char.length !== 1 || was === char) return null;
    if (reads.some(([start, end]) => offset >= start && offset <= end)) return null;
    from = addFlip(items, offset, was, char, from, edits, statuses);
    if (from === -1) return null;
  }
  if (!edits.length) return null;
  const chars = new Map(text.chars);
  for (const e of edits) {
    if (e.text === base[e.start]) chars.delete(e.start);
    else chars.set(e.start, e.text);
  }
  const lineOf = (start: number, end: number) => {
    let line = base.slice(start, end);
    for (const [offset, char] of chars)
      if (offset >= start && offset < end) line = line.slice(0, offset - start) + char + line.slice(offset - start + 1);
    return line;
  };
  return {
    model: modelAfterEdits(model, base, edits, statuses, parsePlan, lineOf),
    changedKeys: new Set(statuses.keys()),
    text: { base, chars },
  };
}

/**
 * The flip of the character at `offset` from `was` to `char` as an edit and a new status, when it is the status
 * character of a list item (from `from` on) that changes its status: returns the index after that item, for
 * the next (later) flip; -1 for anything else.
 */
function addFlip(
  items: readonly Item[],
  offset: number,
  was: string,
  char: string,
  from: number,
  edits: Edit[],
  statuses: Map<string, Status>,
): number {
  // The items are in document order; each flip is the status character of a later one.
  const i = itemWithStatusAt(items, offset, from);
  if (i === -1) return -1;
  const item = items[i];
  const status = statusOf(char);
  // A task-table row's status is a word in a cell; an unchanged status (`x` → `X`) changes the marker only.
  if (item.cell || status === item.status || !CHECKBOX.test(`[${char}]`)) return -1;
  edits.push({ start: offset, end: offset + 1, expect: was, text: char });
  statuses.set(item.key, status);
  return i + 1;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

/** First index ≥ `from` where the two (equally long) texts differ, or -1; compares in blocks first. */
function firstDifference(a: string, b: string, from: number): number {
  const BLOCK = 4096;
  let at = from;
  while (at < a.length) {
    const end = Math.min(at + BLOCK, a.length);
    if (a.slice(at, end) !== b.slice(at, end)) {
      while (a.charCodeAt(at) === b.charCodeAt(at)) at++;
      return at;
    }
    at = end;
  }
  return -1;
}

/** Index (from `from` on) of the item whose status character sits at `offset`, or -1. */
function itemWithStatusAt(items: readonly Item[], offset: number, from: number): number {
  let lo = from;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].statusSpan.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo < items.length && items[lo].statusSpan.start === offset && items[lo].statusSpan.end === offset + 1
    ? lo
    : -1;
}
