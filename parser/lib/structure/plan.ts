// Planners for structural changes: a model, its source and a change in; the text edits out, plus where the
// item or heading the change made stands in the new text (to read its key and line back after a parse).
// Edits follow the document's conventions (item-text.ts, blocks.ts); the bookkeeping that follows (counts,
// Last Updated, Progress) is apply.ts's second pass.

import type { Edit, Item, Phase, PlanModel, Section } from '../types';
import {
  afterLastContent,
  blankSeparated,
  bulletAt,
  containerEnd,
  insertion,
  itemBlock,
  lineAt,
  lineStartOf,
  removal,
} from './blocks';
import { findPhase, findSection, itemOrThrow } from './resolve';
import { bodyText, checkTitle, commonSeparator, itemTextParts, newItemLine, suggestItemId } from './item-text';
import { StructureError, type StructureChange } from './types';
import { summaryRowEdit } from './summary-row';
import {
  checkListToRow,
  checkRowToList,
  hasIdColumn,
  newRowLike,
  newTableLike,
  rowBlock,
  rowMovedTo,
  tableAround,
  titleCellEdit,
} from './table-rows';

export interface StructurePlanOptions {
  today: string;
  /** Every ID the plan ever had (removed items included): never handed out again. */
  knownIds?: Iterable<string>;
}

export interface StructurePlan {
  edits: Edit[];
  /** Offset in the new text of the first line of the item or heading the change made, moved or edited. */
  anchor: number | null;
  /** The ID a new item gets. */
  id?: string | null;
  /** Where an added or moved item lands. */
  target?: { sectionKey: string | null; phaseKey: string };
}

type Container = {
  heading: { start: number; end: number };
  depth: number;
  sectionKey: string | null;
  phaseKey: string;
};

export function planStructure(
  s: string,
  model: PlanModel,
  change: Exclude<StructureChange, { kind: 'set-status' | 'set-dates' | 'set-coverage' }>,
  opts: StructurePlanOptions,
): StructurePlan {
  const eol = model.conventions.eol;
  switch (change.kind) {
    case 'add-item': {
      const target = targetOf(model, change.section, change.phase);
      const after = change.after ? itemOrThrow(model, change.after) : null;
      const siblings = topItems(model, target);
      const like = after ?? siblings[siblings.length - 1] ?? nearestTemplate(model, target);
      if (like?.cell) return addRow(s, model, change, target, like, like === after || siblings.includes(like), opts);
      const title = checkTitle(change.title);
      const description = checkTitle(change.description ?? '', 'description');
      const id = allocateId(model, siblings, change.id, opts);
      const ordinal = like && /^\d/.test(like.bullet) ? Number.parseInt(like.bullet, 10) + 1 : null;
      const line = newItemLine(
        s,
        model,
        like,
        { id, title, description, status: change.status ?? 'todo', today: opts.today },
        ordinal,
      );
      const at = insertAt(s, model, target, after);
      const blank = siblings.length ? (blankSeparated(s, siblings) ?? docBlank(s, model)) : true;
      const text = insertion(s, at, line + eol, blank, eol);
      return { edits: [{ start: at, end: at, expect: '', text }], anchor: at + text.indexOf(line), id, target };
    }
    case 'edit-item': {
      const item = itemOrThrow(model, change.key);
      if (change.title === undefined && change.description === undefined) {
        throw new StructureError('bad-text', 'Nothing to change: give a new title, a new description, or both.');
      }
      if (item.cell) {
        if (change.description) throw noRowDescription();
        const title = change.title === undefined ? item.title : checkTitle(change.title, 'title', true);
        const edit = titleCellEdit(s, model, item, title);
        return { edits: edit.expect === edit.text ? [] : [edit], anchor: lineStartOf(s, item.lineSpan.start) };
      }
      const title = change.title === undefined ? item.title : checkTitle(change.title);
      const description =
        change.description === undefined ? item.description : checkTitle(change.description, 'description');
      const parts = itemTextParts(s, item);
      const text = bodyText(title, description, parts, commonSeparator(s, model));
      const expect = s.slice(parts.bodyStart, parts.bodyEnd);
      const edits = expect === text ? [] : [{ start: parts.bodyStart, end: parts.bodyEnd, expect, text }];
      return { edits, anchor: lineStartOf(s, item.lineSpan.start) };
    }
    case 'move-item': {
      const item = itemOrThrow(model, change.key);
      const target = targetOf(model, change.section, change.phase);
      const block = item.cell ? rowBlock(s, item) : itemBlock(s, item);
      const after = change.after ? itemOrThrow(model, change.after) : null;
      if (after && lineStartOf(s, after.lineSpan.start) >= block.start && after.lineSpan.start < block.end) {
        throw new StructureError(
          'move-into-itself',
          `${change.after} is ${after.key === item.key ? 'the item itself' : `inside ${item.key}`}; an item cannot move after itself or its own sub-items.`,
          after.line,
        );
      }
      if (after && after.sectionKey !== target.sectionKey) {
        throw new StructureError('bad-text', `${after.key} is not in the target section; pick an item there.`);
      }
      const siblings = topItems(model, target).filter((i) => i.key !== item.key);
      const at = insertAt(s, model, target, after, item);
      const cut = removal(s, block.start, block.end);
      // Already standing right there: nothing moves.
      if (at === cut.start || at === block.end) return { edits: [], anchor: block.start };
      if (at > cut.start && at < cut.end) {
        throw new StructureError('move-into-itself', `${item.key} cannot move inside its own lines.`, item.line);
      }
      const like = after ?? siblings[siblings.length - 1] ?? null;
      let lines: string;
      let blank = siblings.length ? (blankSeparated(s, siblings) ?? docBlank(s, model)) : true;
      if (like?.cell) {
        // Into a table: the row as it is within its table (or one with the same header), else rewritten.
        if (!item.cell) checkListToRow(item, s.slice(block.start, block.end).split('\n').length - 1);
        const values = { id: item.id, title: item.title, status: item.status };
        lines = (item.cell ? rowMovedTo(s, model, item, like) : newRowLike(s, model, like, values)) + eol;
        blank = false;
      } else if (item.cell && like) {
        checkRowToList(s, model, item);
        const values = { id: item.id, title: item.title, description: '', status: item.status };
        lines = newItemLine(s, model, like, { ...values, today: item.doneDate ?? opts.today }, null) + eol;
      } else if (item.cell) {
        // Into a section without items: a table with the row's own header.
        const table = tableAround(s, item);
        lines = `${table.header}${eol}${table.delimiter}${eol}${lineAt(s, lineStartOf(s, item.lineSpan.start))}${eol}`;
      } else {
        lines = s.slice(block.start, block.end);
        if (!lines.endsWith('\n')) lines += eol;
        lines = reindent(s, lines, item, like);
      }
      const text = insertion(s, at, lines, blank, eol);
      const edits: Edit[] = [
        { start: cut.start, end: cut.end, expect: s.slice(cut.start, cut.end), text: '' },
        { start: at, end: at, expect: '', text },
      ];
      const shift = at >= cut.end ? cut.end - cut.start : 0;
      const last = lines.replace(/\r?\n$/, '');
      const first = item.cell && !like ? last.slice(last.lastIndexOf('\n') + 1) : last;
      return { edits, anchor: at - shift + text.indexOf(first), target };
    }
    case 'remove-item': {
      const item = itemOrThrow(model, change.key);
      const block = item.cell ? rowBlock(s, item) : itemBlock(s, item);
      const cut = removal(s, block.start, block.end);
      return {
        edits: [{ start: cut.start, end: cut.end, expect: s.slice(cut.start, cut.end), text: '' }],
        anchor: null,
      };
    }
    case 'rename-section': {
      const section = findSection(model, change.section);
      const title = checkTitle(change.title, 'section title');
      if (!title) throw new StructureError('empty-title', 'The section title is empty; give the section a name.');
      const line = lineAt(s, section.heading.start);
      const at = line.lastIndexOf(section.title);
      if (at === -1) {
        throw new StructureError(
          'bad-text',
          `The heading at line ${section.line} does not hold its title as plain text; rename it in the editor.`,
          section.line,
        );
      }
      const start = section.heading.start + at;
      return {
        edits: [{ start, end: start + section.title.length, expect: section.title, text: title }],
        anchor: section.heading.start,
      };
    }
    case 'add-section': {
      const phase = findPhase(model, change.phase);
      const title = checkTitle(change.title, 'section title');
      if (!title) throw new StructureError('empty-title', 'The section title is empty; give the section a name.');
      const inPhase = model.sections.filter((x) => x.phaseKey === phase.key);
      const depth = inPhase[0]?.depth ?? phase.depth + 1;
      const number = nextSectionNumber(model, phase, inPhase);
      const dot = inPhase.some((x) => /^ {0,3}#+[ \t]+\d+(?:\.\d+)*\.[ \t]/.test(lineAt(s, x.heading.start)));
      const heading = `${'#'.repeat(depth)} ${number ? `${number}${dot ? '.' : ''} ` : ''}${title}`;
      const end = containerEnd(s, phase.heading.start, phase.depth);
      const at = afterLastContent(s, phase.heading.start, end);
      const text = insertion(s, at, heading + eol, true, eol);
      return { edits: [{ start: at, end: at, expect: '', text }], anchor: at + text.indexOf(heading) };
    }
    case 'add-phase': {
      const name = checkTitle(change.name, 'phase name');
      if (!name) throw new StructureError('empty-title', 'The phase name is empty; give the phase a name.');
      const last = model.phases[model.phases.length - 1];
      if (!last)
        throw new StructureError('no-structure', 'This plan has no phase headings to follow; add one by hand.');
      const priority = change.priority?.trim().toUpperCase() || null;
      const heading = phaseHeading(s, model, last, name, priority);
      const end = containerEnd(s, last.heading.start, last.depth);
      const at = afterLastContent(s, last.heading.start, end);
      const text = insertion(s, at, heading + eol, true, eol);
      const row = summaryRowEdit(s, model, nextPhaseNumber(model), name, priority);
      // The row comes before the heading in the document; edits are applied from the highest offset down.
      const edits: Edit[] = [{ start: at, end: at, expect: '', text }];
      if (row && row.start <= at) edits.unshift(row);
      const shift = row && row.start <= at ? row.text.length : 0;
      return { edits, anchor: at + shift + text.indexOf(heading) };
    }
    default: {
      const never: never = change;
      throw new Error(`Unknown change ${JSON.stringify(never)}`);
    }
  }
}

// ---- table rows (table-rows.ts) ---------------------------------------------------------------------------

function noRowDescription(): StructureError {
  return new StructureError(
    'bad-text',
    'A table row has no description; put it in the title, or in a column of its own by hand (`tickmark add` reads the text after " - " as a description: set such a title with `tickmark edit --title`).',
  );
}

/** A new row after `like` (a row of a table in the target), or a new table like `like`'s in an empty section. */
function addRow(
  s: string,
  model: PlanModel,
  change: Extract<StructureChange, { kind: 'add-item' }>,
  target: Container,
  like: Item,
  inSection: boolean,
  opts: StructurePlanOptions,
): StructurePlan {
  const eol = model.conventions.eol;
  const title = checkTitle(change.title, 'title', true);
  if (checkTitle(change.description ?? '', 'description')) throw noRowDescription();
  const table = tableAround(s, like);
  const rows = model.items.filter((i) => i.cell && i.lineSpan.start >= table.start && i.lineSpan.start < table.end);
  const id =
    change.id === undefined && !hasIdColumn(s, model, like)
      ? null
      : allocateId(model, inSection ? rows : [], change.id, opts);
  const values = { id, title, status: change.status ?? 'todo' };
  const row = newRowLike(s, model, like, values);
  if (inSection) {
    const at = itemBlock(s, like).end;
    const text = insertion(s, at, row + eol, false, eol);
    return { edits: [{ start: at, end: at, expect: '', text }], anchor: at + text.indexOf(row), id, target };
  }
  const at = insertAt(s, model, target, null);
  const text = insertion(s, at, newTableLike(s, model, like, values, eol) + eol, true, eol);
  return { edits: [{ start: at, end: at, expect: '', text }], anchor: at + text.lastIndexOf(row), id, target };
}

// ---- where things go ---------------------------------------------------------------------------------------

function targetOf(model: PlanModel, section?: string, phase?: string): Container {
  if (section !== undefined) {
    let x: Section;
    try {
      x = findSection(model, section);
    } catch (error) {
      // Plans whose only level below the title holds the items call those headings phases: a section to people.
      if (!(error instanceof StructureError) || error.code !== 'unknown-section') throw error;
      const p = model.phases.length ? tryPhase(model, section) : null;
      if (!p) throw error;
      return { heading: p.heading, depth: p.depth, sectionKey: null, phaseKey: p.key };
    }
    return { heading: x.heading, depth: x.depth, sectionKey: x.key, phaseKey: x.phaseKey ?? '' };
  }
  if (phase !== undefined) {
    const p = findPhase(model, phase);
    const last = model.sections.filter((x) => x.phaseKey === p.key).pop();
    if (last) return { heading: last.heading, depth: last.depth, sectionKey: last.key, phaseKey: p.key };
    return { heading: p.heading, depth: p.depth, sectionKey: null, phaseKey: p.key };
  }
  throw new StructureError('unknown-section', 'Say where the item goes: a section, or a phase.');
}

function tryPhase(model: PlanModel, ref: string): Phase | null {
  try {
    return findPhase(model, ref);
  } catch {
    return null;
  }
}

/** The container's own items at its shallowest depth (sub-items travel with their parents). */
function topItems(model: PlanModel, c: Container): Item[] {
  const inside = model.items.filter((i) =>
    c.sectionKey !== null ? i.sectionKey === c.sectionKey : i.sectionKey === null && i.phaseKey === c.phaseKey,
  );
  const depth = Math.min(...inside.map((i) => i.depth));
  return inside.filter((i) => i.depth === depth);
}

function insertAt(s: string, model: PlanModel, c: Container, after: Item | null, moving?: Item): number {
  if (after) return itemBlock(s, after).end;
  const siblings = topItems(model, c).filter((i) => i.key !== moving?.key);
  const last = siblings[siblings.length - 1];
  if (last) return itemBlock(s, last).end;
  const end = containerEnd(s, c.heading.start, c.depth);
  return afterLastContent(s, c.heading.start, end);
}

/** A sibling-like item for an empty section: the last top-level item of the phase, else of the plan. */
function nearestTemplate(model: PlanModel, c: Container): Item | null {
  const top = model.items.filter((i) => i.depth === 0);
  return top.filter((i) => i.phaseKey === c.phaseKey).pop() ?? top.pop() ?? null;
}

function docBlank(s: string, model: PlanModel): boolean {
  const bySection = new Map<string, Item[]>();
  for (const i of model.items.slice(0, 400)) {
    if (i.depth !== 0) continue;
    const k = i.sectionKey ?? i.phaseKey ?? '';
    bySection.set(k, [...(bySection.get(k) ?? []), i]);
  }
  let yes = 0;
  let no = 0;
  for (const list of bySection.values()) {
    const b = blankSeparated(s, list);
    if (b === true) yes++;
    else if (b === false) no++;
  }
  return yes > no;
}

/** A moved block's lines, re-indented from its own indentation to its new siblings' (and its bullet made
 * theirs when both are `-`, `*` or `+`). */
function reindent(s: string, lines: string, item: Item, like: Item | null): string {
  const own = s.slice(lineStartOf(s, item.lineSpan.start), bulletAt(s, item));
  const to = like ? s.slice(lineStartOf(s, like.lineSpan.start), bulletAt(s, like)) : '';
  let out = lines;
  if (own !== to && /^[ \t]*$/.test(own) && /^[ \t]*$/.test(to)) {
    out = out
      .split('\n')
      .map((l) => (l.startsWith(own) ? to + l.slice(own.length) : l))
      .join('\n');
  }
  if (like && /^[-*+]$/.test(item.bullet) && /^[-*+]$/.test(like.bullet) && item.bullet !== like.bullet) {
    const at = to.length;
    if (out[at] === item.bullet) out = out.slice(0, at) + like.bullet + out.slice(at + 1);
  }
  return out;
}

// ---- IDs and numbers ---------------------------------------------------------------------------------------

function allocateId(
  model: PlanModel,
  siblings: Item[],
  given: string | undefined,
  opts: StructurePlanOptions,
): string | null {
  const taken = new Set<string>(opts.knownIds ?? []);
  for (const i of model.items) if (i.id) taken.add(i.id);
  if (given !== undefined) {
    const id = given.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(id)) {
      throw new StructureError('bad-id', `"${given}" is not an ID; write it like CACHE-009 or T012.`);
    }
    if (taken.has(id)) {
      throw new StructureError('id-taken', `${id} is taken (or was used by an item since removed); pick another ID.`);
    }
    return id;
  }
  const lettered = model.items.filter((i) => i.id !== null && /[A-Za-z]/.test(i.id));
  return suggestItemId(
    siblings.map((i) => i.id),
    lettered.length ? lettered[lettered.length - 1].id : null,
    taken,
  );
}

function nextSectionNumber(model: PlanModel, phase: Phase, inPhase: Section[]): string | null {
  const numbered = inPhase.filter((x) => x.number !== null).map((x) => x.number!);
  if (numbered.length) {
    const last = numbered[numbered.length - 1];
    const dot = last.lastIndexOf('.');
    const prefix = dot === -1 ? '' : last.slice(0, dot + 1);
    const max = Math.max(
      ...numbered
        .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
        .map((n) => Number(n.slice(prefix.length))),
    );
    return `${prefix}${max + 1}`;
  }
  if (phase.number !== null && model.sections.some((x) => x.number !== null)) return `${phase.number}.1`;
  return null;
}

/** A new phase heading in the pattern of the last one: `## Phase 4: Name (0 items)`. */
function nextPhaseNumber(model: PlanModel): number {
  return Math.max(0, ...model.phases.map((p) => p.number ?? 0)) + 1;
}

function phaseHeading(s: string, model: PlanModel, last: Phase, name: string, priority: string | null): string {
  const line = lineAt(s, last.heading.start);
  const next = nextPhaseNumber(model);
  const m = /^( {0,3}#{1,6}[ \t]+[^\p{L}\p{N}]*phase[ \t]+)\d+([ \t]*[:.\-–—]?[ \t]*)/iu.exec(line);
  const lead = m ? `${m[1]}${next}${m[2] || ' '}` : `${'#'.repeat(last.depth)} `;
  const wantsPriority = priority !== null && !new RegExp(`\\b${priority}\\b`, 'i').test(name);
  const counted = last.statedCount !== null;
  let tail = '';
  if (wantsPriority && counted) tail = ` (${priority} Priority - 0 items)`;
  else if (wantsPriority) tail = ` (${priority} Priority)`;
  else if (counted) tail = ' (0 items)';
  return `${lead}${name}${tail}`;
}
