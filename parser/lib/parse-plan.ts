// parsePlan: source text → PlanModel. Pure and total: any string in, a model and diagnostics out.

import type { Counts, Diagnostic, Item, PlanModel, Span } from './types';
import { buildOutline, frontMatterLength, type Strategy } from './blocks';
import type { OutlineTable } from './outline';
import { LineIndex } from './lines';
import { readItems, type RawItem } from './items';
import { headingText, readStructure } from './headings';
import { readFacts, lastUpdatedOf, progressOf } from './facts';
import { readPlanDates } from './plan-dates';
import { readSummary } from './summary';
import { readProgressLog } from './progress-log';
import { readConventions } from './conventions';
import { addStatus, emptyCounts, finishCounts } from './counts';
import { byPosition, checkLog, checkMojibake, checkStatedCounts, pusher } from './consistency';
import { findMojibake } from './encoding';
import { rowCells } from './tables';
import { KeyRegistry, slug, stripBold } from './text';
import { mergeItems, readTaskTables } from './task-tables';
import { limitNesting, MAX_NESTING } from './nesting-limit';
import { maskReportBlocks } from './report-block';

export interface ParseOptions {
  /** 'fast' (default): lean parser on split pieces. 'whole': one parse with every construct; same model. */
  strategy?: Strategy;
  /** Fast strategy only: smallest piece in characters (tests set 1 to cut at every possible point). */
  minPiece?: number;
  /** Fast strategy only: reuse pieces of earlier parses whose text is unchanged (default true); false
   * parses everything afresh and remembers nothing (benchmarks of a cold parse). */
  reuse?: boolean;
}

export function parsePlan(source: string, options: ParseOptions = {}): PlanModel {
  try {
    // Tickmark's own report blocks are blanked first: nothing in them is read as plan content.
    return parse(
      maskReportBlocks(String(source ?? '')),
      options.strategy ?? 'fast',
      options.minPiece,
      options.reuse ?? true,
    );
  } catch (error) {
    // Never throw: a parser bug becomes a diagnostic, and the document is left alone.
    const empty = emptyModel(String(source ?? ''));
    empty.diagnostics.push({
      severity: 'error',
      code: 'internal-error',
      message: `The parser failed on this document (${(error as Error)?.message ?? error}); please report it with the file.`,
      line: 1,
      column: 1,
    });
    return empty;
  }
}

/**
 * One line read alone, as parsePlan reads it, by the readers that find something in one line: its first item
 * (undefined where the line alone is none, a task-table row say) or its Last Updated and Progress facts. A tick
 * re-reads the lines its edits touched (model-after-edits.ts); a whole parse of each cost it ~0.1 ms.
 */
export function itemOfLine(line: string): RawItem | undefined {
  return readLine(line, (source, outline) => readItems(source, outline, new LineIndex(source), [])[0], undefined);
}

export function factsOfLine(line: string): Pick<PlanModel, 'lastUpdated' | 'progress'> {
  return readLine(
    line,
    (source, outline) => {
      const facts = readFacts(source, outline.paragraphs);
      return { lastUpdated: lastUpdatedOf(facts), progress: progressOf(facts) };
    },
    { lastUpdated: null, progress: null },
  );
}

/** `read` on the line's outline, built as parse builds it; `failed` where that throws (parsePlan never throws). */
function readLine<T>(
  line: string,
  read: (source: string, outline: ReturnType<typeof buildOutline>) => T,
  failed: T,
): T {
  try {
    const source = maskReportBlocks(line);
    return read(source, buildOutline(limitNesting(source).text));
  } catch {
    return failed;
  }
}

function emptyModel(source: string): PlanModel {
  return {
    title: null,
    frontMatter: null,
    facts: [],
    dates: { start: null, target: null },
    lastUpdated: null,
    progress: null,
    summary: null,
    phases: [],
    sections: [],
    items: [],
    log: null,
    diagnostics: [],
    counts: { total: finishCounts(emptyCounts()), byPhase: {} },
    conventions: readConventions(source, [], {}),
  };
}

/** Index of the range holding `offset` in sorted, non-overlapping ranges, walking forward from `from`. */
function rangeAt(ranges: Span[], offset: number, from: { i: number }): number {
  while (from.i < ranges.length && ranges[from.i].end <= offset) from.i++;
  return from.i < ranges.length && ranges[from.i].start <= offset ? from.i : -1;
}

function parse(source: string, strategy: Strategy, minPiece: number | undefined, reuse: boolean): PlanModel {
  const lines = new LineIndex(source);
  const diagnostics: Diagnostic[] = [];
  const push = pusher(lines, diagnostics);
  const nesting = limitNesting(source);
  const outline = buildOutline(nesting.text, strategy, minPiece, reuse);
  if (nesting.lines) {
    push(
      'warning',
      'nesting-too-deep',
      `${nesting.lines} line${nesting.lines === 1 ? ' is' : 's are'} nested deeper than ${MAX_NESTING} levels (lists or blockquotes) and not read, the first here; flatten the nesting to have them read.`,
      { start: nesting.first, end: nesting.first },
    );
  }
  const headings = outline.headings.map((h) => headingText(source, h));
  const taskTables = readTaskTables(source, outline.tables, headings, lines, diagnostics);
  const raw = mergeItems(readItems(source, outline, lines, diagnostics), taskTables.items);
  const structure = readStructure(
    source,
    headings,
    raw.map((r) => r.start),
    lines,
    diagnostics,
  );
  const { phases, sections } = structure;

  // Keys: the ID when there is one, else section (or phase) + slugged title; duplicates get #2, #3 …
  const keys = new KeyRegistry();
  const firstById = new Map<string, Item>();
  const items: Item[] = [];
  const phaseCursor = { i: 0 };
  const sectionCursor = { i: 0 };
  for (const r of raw) {
    const p = rangeAt(structure.phaseRanges, r.start, phaseCursor);
    const s = rangeAt(structure.sectionRanges, r.start, sectionCursor);
    const phaseKey = p === -1 ? (s === -1 ? null : sections[s].phaseKey) : phases[p].key;
    const sectionKey = s === -1 ? null : sections[s].key;
    // A nested item without an ID is addressed under its parent, so siblings elsewhere cannot shift it.
    const parentKey = r.parent === -1 ? null : items[r.parent].key;
    const claimed = keys.claim(r.id ?? `${parentKey ?? sectionKey ?? phaseKey ?? 'item'}/${slug(r.title)}`);
    const item: Item = {
      key: claimed.key,
      id: r.id,
      title: r.title,
      description: r.description,
      status: r.status,
      marker: r.marker,
      optional: r.optional,
      markers: r.markers,
      textDoneDate: r.textDoneDate,
      doneDate: null,
      bullet: r.bullet,
      depth: r.depth,
      parentKey,
      phaseKey,
      sectionKey,
      lineSpan: r.lineSpan,
      statusSpan: r.statusSpan,
      textSpan: r.textSpan,
      check: r.check,
      cell: r.cell ?? null,
      ...lines.position(r.start),
    };
    if (r.id !== null) {
      const first = firstById.get(r.id);
      if (first) {
        push(
          'error',
          'duplicate-id',
          `${r.id} is already used at line ${first.line}; this item is keyed "${claimed.key}". Give it its own ID.`,
          r.textSpan,
        );
      } else firstById.set(r.id, item);
    }
    items.push(item);
  }

  const title = headings.find((h) => h.depth === 1);
  const firstStructural = Math.min(phases[0]?.heading.start ?? Infinity, items[0]?.lineSpan.start ?? Infinity);
  const allFacts = readFacts(source, outline.paragraphs);
  const summary = readSummary(source, outline.tables, phases, lines);
  const log = readProgressLog(source, headings, outline.tables, lines, diagnostics);

  // Completion dates from the log: the last row naming an ID wins (a reopened and redone item).
  const loggedOn = new Map<string, string>();
  for (const week of log?.weeks ?? [])
    for (const row of week.rows) if (row.date) for (const id of row.ids) loggedOn.set(id, row.date);
  for (const item of items) {
    if (item.status === 'done') item.doneDate = item.textDoneDate ?? (item.id ? (loggedOn.get(item.id) ?? null) : null);
  }

  const total = emptyCounts();
  const byPhase: Record<string, Counts> = {};
  for (const phase of phases) byPhase[phase.key] = emptyCounts();
  for (const item of items) {
    addStatus(total, item.status);
    if (item.phaseKey && byPhase[item.phaseKey]) addStatus(byPhase[item.phaseKey], item.status);
  }
  finishCounts(total);
  for (const c of Object.values(byPhase)) finishCounts(c);

  const bom = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fmLength = frontMatterLength(source.slice(bom));
  const frontMatter = fmLength ? { start: bom, end: bom + fmLength } : null;
  const facts = allFacts.filter((f) => f.span.start < firstStructural);
  const model: PlanModel = {
    title: title ? stripBold(title.text) : null,
    frontMatter,
    facts,
    dates: readPlanDates(source, facts, frontMatter),
    lastUpdated: lastUpdatedOf(allFacts),
    progress: progressOf(allFacts),
    summary,
    phases,
    sections,
    items,
    log,
    diagnostics,
    counts: { total, byPhase },
    conventions: readConventions(source, raw, taskTables.legend),
  };

  checkStatedCounts(model, push);
  checkLog(model, firstById, push);
  checkTableCheckboxes(
    source,
    outline.tables.filter((t) => !taskTables.tables.has(t.start)),
    lines,
    push,
  );
  if (model.lastUpdated && model.lastUpdated.date === null && /^\s*\d{4}-\d{1,2}-\d{1,2}/.test(model.lastUpdated.raw)) {
    push(
      'error',
      'invalid-date',
      `"${model.lastUpdated.raw}" is not a real date; write it as YYYY-MM-DD.`,
      model.lastUpdated.span,
    );
  }
  checkMojibake(findMojibake(source), push);
  diagnostics.sort(byPosition);
  return model;
}

const CELL_CHECKBOX = /^(?:[-*+]\s+)?\[[ xX/~-]\](?:\s|$)/;

function checkTableCheckboxes(
  source: string,
  tables: OutlineTable[],
  lines: LineIndex,
  push: ReturnType<typeof pusher>,
): void {
  for (const table of tables) {
    for (const row of table.rows) {
      const cell = rowCells(source, row.start, lines.lineEnd(row.start)).find((c) =>
        CELL_CHECKBOX.test(source.slice(c.start, c.end)),
      );
      if (cell) {
        push(
          'info',
          'checkbox-in-table',
          'Checkboxes inside table cells are not tracked as items; use a task list ("- [ ] …") to track them.',
          cell,
        );
        break;
      }
    }
  }
}
