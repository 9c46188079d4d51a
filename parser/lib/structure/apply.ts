// A sequence of changes applied to a source text, each in two passes: the change's own edits (planStructure,
// or the status characters of one or many items), then the bookkeeping the document keeps (summary table,
// phase heading counts, Last Updated, Progress; the progress log for status changes) against the result.
// After the first pass the text is parsed back and must read as asked (title, description, ID, place), else
// the change is refused: text that would not read back the same is never written.

import type { Item, PlanModel, Status } from '../types';
import { applyEdits, statusEdits } from '../edits';
import { bookkeepingEdits, refreshBookkeepingEdits } from '../bookkeeping';
import { parsePlan } from '../parse-plan';
import { isIsoDate } from '../dates';
import { planDateEdits } from '../plan-dates';
import { planStructure, type StructurePlan } from './plan';
import { itemOrThrow } from './resolve';
import { lineNumberAt } from './blocks';
import { renumberEdits } from './ordinals';
import { StructureError, type StructureChange, type StructureOutcome } from './types';
import { readCoverageTable, sameLinks, withCoverageSection } from '../sources/coverage-table';

export interface ApplyStructureOptions {
  /** Local date of the change (`YYYY-MM-DD`) for Last Updated, dated checks and the progress log. */
  today: string;
  /** Every ID the plan ever had, removed items included: never handed out again. */
  knownIds?: Iterable<string>;
  /** The parsed model of `source`, when the caller has it. */
  model?: PlanModel;
}

export interface AppliedStructure {
  text: string;
  model: PlanModel;
  outcomes: StructureOutcome[];
}

/** Pieces (parser/lib/blocks.ts) of the parse after an addition: small, so that the one piece an addition
 * changes is re-parsed and the rest come from memory (the merge of five gap analyses: 4.7 s → 2.1 s of CPU
 * at 128 characters, 2.4 s at 256, 3.0 s at 1,024); the model is the same at any piece size. */
const ADDITION_PIECE = 128;

export function applyStructureChanges(
  source: string,
  changes: readonly StructureChange[],
  opts: ApplyStructureOptions,
): AppliedStructure {
  let text = source;
  let model = opts.model ?? parsePlan(source);
  const known = new Set(opts.knownIds ?? []);
  const outcomes: StructureOutcome[] = [];
  let small = false;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if (change.kind === 'set-status') {
      // Consecutive status changes are one write: one pass of status characters and bookkeeping.
      const statuses = new Map<string, Status>();
      for (; i < changes.length && changes[i].kind === 'set-status'; i++) {
        const c = changes[i] as Extract<StructureChange, { kind: 'set-status' }>;
        const item = itemOrThrow(model, c.key);
        statuses.set(item.key, c.status);
        outcomes.push({ kind: 'set-status', key: item.key, id: item.id, line: item.line });
      }
      i--;
      const edits = model.items.flatMap((item) => {
        const to = statuses.get(item.key);
        return to === undefined ? [] : statusEdits(model, item, to, opts.today);
      });
      if (!edits.length) continue;
      edits.push(...bookkeepingEdits(text, model, statuses, { today: opts.today }));
      text = applyEdits(text, edits);
      model = parsePlan(text);
      continue;
    }
    if (change.kind === 'set-dates') {
      // Only the date lines change: no bookkeeping (the dates are not counts, nor a day's work).
      ({ text, model } = applyDates(text, model, change));
      outcomes.push({ kind: 'set-dates', key: null, id: null, line: null });
      continue;
    }
    if (change.kind === 'set-coverage') {
      // Only the Source Coverage section changes: no bookkeeping (links are not counts).
      ({ text, model } = applyCoverage(text, model, change));
      outcomes.push({ kind: 'set-coverage', key: null, id: null, line: null });
      continue;
    }
    for (const item of model.items) if (item.id) known.add(item.id);
    const plan = planStructure(text, model, change, { today: opts.today, knownIds: known });
    if (!plan.edits.length) {
      outcomes.push(outcomeOf(change, model, plan.anchor === null ? null : lineNumberAt(text, plan.anchor), null));
      continue;
    }
    const before =
      change.kind === 'edit-item' || change.kind === 'move-item' || change.kind === 'remove-item'
        ? itemOrThrow(model, change.key)
        : null;
    let next = applyEdits(text, plan.edits);
    // Decided once per run of additions, at its first: switching mid-run would parse the whole text again.
    if (!isAddition(change)) small = false;
    else if (i === 0 || !isAddition(changes[i - 1])) small = smallPieces(changes, i, text.length);
    let nextModel = parsePlan(next, small ? { minPiece: ADDITION_PIECE } : {});
    const line = plan.anchor === null ? null : lineNumberAt(next, plan.anchor);
    const outcome = outcomeOf(change, nextModel, line, before);
    verify(change, model, nextModel, outcome, before, plan);
    if (plan.id) known.add(plan.id);
    // Numbered lists the change touched are numbered in order again (ordinals only; lines stay where they are).
    const touched = [before, outcome.key]
      .map((k) => (typeof k === 'string' ? nextModel.items.find((i) => i.key === k) : k))
      .filter((i): i is Item => !!i)
      .map((i) => ({ sectionKey: i.sectionKey, phaseKey: i.phaseKey, parentKey: i.parentKey }));
    const renumber = touched.length ? renumberEdits(model, nextModel, next, touched) : [];
    if (renumber.length) {
      next = applyEdits(next, renumber);
      nextModel = parsePlan(next);
    }
    text = next;
    model = nextModel;
    outcomes.push(outcome);
    // A run of additions is one write: its bookkeeping (counts, Last Updated, Progress) is brought in line once,
    // after the last of them, not after each (each pass edits the top of the plan and costs a parse of it).
    if (!(isAddition(change) && i + 1 < changes.length && isAddition(changes[i + 1]))) {
      ({ text, model } = refreshBookkeeping(text, model, opts.today));
    }
  }
  return { text, model, outcomes };
}

/** Whether the run of additions from `i` on is long enough to pay for parsing the whole text once in small
 * pieces (the pieces in memory are the default size): each addition then re-parses ~128 characters, not ~4 KB. */
function smallPieces(changes: readonly StructureChange[], i: number, length: number): boolean {
  let run = 0;
  while (i + run < changes.length && isAddition(changes[i + run])) run++;
  return run > 1 && run * 4096 > length;
}

/** Changes whose planning reads only items, headings and IDs, never the bookkeeping's counts or dates. */
function isAddition(change: StructureChange): boolean {
  return change.kind === 'add-item' || change.kind === 'add-section';
}

function refreshBookkeeping(text: string, model: PlanModel, today: string): { text: string; model: PlanModel } {
  const bookkeeping = refreshBookkeepingEdits(text, model, { today });
  if (!bookkeeping.length) return { text, model };
  const next = applyEdits(text, bookkeeping);
  return { text: next, model: parsePlan(next) };
}

function applyDates(
  text: string,
  model: PlanModel,
  change: Extract<StructureChange, { kind: 'set-dates' }>,
): { text: string; model: PlanModel } {
  for (const [label, want] of [
    ['start date', change.startDate],
    ['target date', change.targetDate],
  ] as const) {
    if (want != null && !isIsoDate(want))
      throw new StructureError('bad-date', `The ${label} "${want}" is not a date (YYYY-MM-DD).`);
  }
  if (change.startDate && change.targetDate && change.targetDate <= change.startDate) {
    throw new StructureError('bad-date', 'The target date must come after the start date.');
  }
  const edits = planDateEdits(text, model, change);
  if (!edits.length) return { text, model };
  const next = applyEdits(text, edits);
  const nextModel = parsePlan(next);
  const read = { startDate: nextModel.dates?.start?.date ?? null, targetDate: nextModel.dates?.target?.date ?? null };
  for (const k of ['startDate', 'targetDate'] as const) {
    if (change[k] !== undefined && read[k] !== change[k]) {
      throw new StructureError(
        'bad-text',
        `The change would not read back as asked (${k} reads ${read[k] ?? 'none'}); nothing was written.`,
      );
    }
  }
  return { text: next, model: nextModel };
}

function applyCoverage(
  text: string,
  model: PlanModel,
  change: Extract<StructureChange, { kind: 'set-coverage' }>,
): { text: string; model: PlanModel } {
  // The links the caller computed from must still be the plan's: another change to them wins, never overwritten.
  if (!sameLinks(readCoverageTable(text), change.expected)) {
    throw new StructureError(
      'links-changed',
      'The plan’s Source Coverage table changed since these links were read; nothing was written. Reload and try again.',
    );
  }
  const next = withCoverageSection(text, change.links, model.conventions.eol);
  if (next === text) return { text, model };
  if (!sameLinks(readCoverageTable(next), change.links)) {
    throw new StructureError('bad-text', 'The links would not read back as asked; nothing was written.');
  }
  const nextModel = parsePlan(next);
  if (nextModel.items.length !== model.items.length) {
    throw new StructureError('bad-text', 'Writing the links would change the plan’s items; nothing was written.');
  }
  return { text: next, model: nextModel };
}

function outcomeOf(
  change: StructureChange,
  model: PlanModel,
  line: number | null,
  before: Item | null,
): StructureOutcome {
  const base = { kind: change.kind, line };
  switch (change.kind) {
    case 'add-section':
    case 'rename-section': {
      const section = model.sections.find((x) => x.line === line);
      return { ...base, key: section?.key ?? null, id: null };
    }
    case 'add-phase': {
      const phase = model.phases.find((p) => p.line === line);
      return { ...base, key: phase?.key ?? null, id: null };
    }
    case 'remove-item':
      // What was removed (it has no line any more): what `--json` reports, so a script knows.
      return { ...base, key: before?.key ?? null, id: before?.id ?? null, line: null };
    default: {
      const item =
        model.items.find((x) => x.line === line && x.depth === 0) ?? model.items.find((x) => x.line === line);
      const out: StructureOutcome = { ...base, key: item?.key ?? null, id: item?.id ?? null };
      if (before && item && before.key !== item.key) out.previousKey = before.key;
      return out;
    }
  }
}

/** The first pass must read back as asked; anything else is refused before a byte is written. */
function verify(
  change: StructureChange,
  model: PlanModel,
  next: PlanModel,
  outcome: StructureOutcome,
  before: Item | null,
  plan: StructurePlan,
): void {
  const id = plan.id ?? null;
  const fail = (what: string): never => {
    throw new StructureError('bad-text', `The change would not read back as asked (${what}); nothing was written.`);
  };
  const item = outcome.key === null ? null : (next.items.find((x) => x.key === outcome.key) ?? null);
  switch (change.kind) {
    case 'add-item': {
      if (!item) return fail('no item where the new one was written');
      if (item.title !== change.title.trim()) fail(`title reads "${item.title}"`);
      if (item.description !== (change.description ?? '').trim()) fail(`description reads "${item.description}"`);
      if (item.id !== id) fail(`ID reads ${item.id ?? 'none'}, not ${id ?? 'none'}`);
      if (item.status !== (change.status ?? 'todo')) fail(`status reads ${item.status}`);
      if (next.items.length !== model.items.length + 1) fail('the item count did not grow by one');
      landed(item, plan);
      return;
    }
    case 'edit-item': {
      if (!item) return fail('the item is gone');
      if (change.title !== undefined && item.title !== change.title.trim()) fail(`title reads "${item.title}"`);
      if (change.description !== undefined && item.description !== change.description.trim()) {
        fail(`description reads "${item.description}"`);
      }
      if (item.status !== before!.status || item.id !== before!.id) fail('status or ID changed');
      return;
    }
    case 'move-item': {
      if (!item) return fail('the item is gone');
      if (item.title !== before!.title || item.id !== before!.id || item.status !== before!.status) {
        fail('the item changed on the way');
      }
      landed(item, plan);
      if (next.items.length !== model.items.length) fail('the item count changed');
      return;
    }
    case 'remove-item': {
      const gone = itemOrThrow(model, change.key);
      const block = model.items.filter((x) => x.key === gone.key || isInside(model, x, gone.key)).length;
      if (next.items.length !== model.items.length - block) fail('other items were touched');
      return;
    }
    case 'add-section':
      if (!outcome.key || next.sections.length !== model.sections.length + 1) fail('no new section heading');
      return;
    case 'rename-section':
      if (!outcome.key) fail('the section heading no longer reads as a section');
      return;
    case 'add-phase':
      if (!outcome.key || next.phases.length !== model.phases.length + 1) fail('no new phase heading');
      return;
    default:
      return;
  }
}

function landed(item: Item, plan: StructurePlan): void {
  const t = plan.target;
  if (!t) return;
  if (item.sectionKey !== t.sectionKey || (t.sectionKey === null && item.phaseKey !== t.phaseKey)) {
    throw new StructureError(
      'bad-text',
      `The change would not read back as asked (it did not land where asked); nothing was written.`,
    );
  }
}

function isInside(model: PlanModel, item: Item, ancestor: string): boolean {
  for (let p = item.parentKey; p !== null; p = model.items.find((x) => x.key === p)?.parentKey ?? null) {
    if (p === ancestor) return true;
  }
  return false;
}
