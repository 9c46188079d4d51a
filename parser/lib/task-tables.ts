// Task tables: plans that keep their tasks as table rows (docs/task-tables.md). A table is a task table when
// one column holds the rows' statuses — every filled cell a checkbox (`[x]`), or a column headed Status/State
// (or whose every value is a status) with at least one status Tickmark knows — and it is not a register of
// something else: its first header names risks, topics, gaps, metrics …, or it lists topics under a
// `Category N:` heading with a Priority column (a gap analysis: the curriculum planner's sources).
// Each row becomes an item like a list item: ID column, title column, status cell.

import type { Diagnostic, Span, Status, StatusCell } from './types';
import type { OutlineTable } from './outline';
import type { HeadingText } from './headings';
import type { LineIndex } from './lines';
import type { RawItem } from './items';
import { rowCells } from './tables';
import { STATUSES, statusOf } from './statuses';
import { DEFAULT_STATUS_WORDS, displayWidth, signOf, statusOfWords, type LegendSigns } from './status-words';
import { stripBold } from './text';
import type { TextView } from './text-view';

/** A table row item before keys, phase and section are known; `cell` says how its status is written. */
export type TableRawItem = RawItem & { cell: StatusCell };

export interface TaskTables {
  items: TableRawItem[];
  /** Start offsets of the tables read as task tables (their checkboxes are items, not a diagnostic). */
  tables: Set<number>;
  /** The Status Legend's spellings, by status (first entry per status). */
  legend: Partial<Record<Status, string>>;
}

const CELL_CHECKBOX = /^\[([ xX/~-])\](?=\s|$)/;
const STATUS_HEADER = /^(?:status|state|progress status|task status)$/;
const ID_HEADER = /^(?:id|#|no|key|ref|task id|item id)$/;
const TITLE_HEADER =
  /^(?:tasks?|titles?|items?|names?|descriptions?|deliverables?|work items?|actions?|features?|stor(?:y|ies)|steps?|what|todo)$/;
/** First header cells naming a register that is not a task list. */
const REGISTER =
  /^(?:risks?|topics?|topic in .*|gaps?|metrics?|kpis?|assumptions?|dependenc(?:y|ies)|decisions?|questions?|glossary|terms?)$/;
const PRIORITY = /^priority$/;
const CATEGORY_HEADING = /^category\s+\d+\s*:/i;
/** IDs as table cells hold them: `SEC-001`, `T001`, `A1`, `2.3`; plain numbers only under an ID header. */
const CELL_ID = /^(?:[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+[a-z]?|[A-Z]{1,4}\d+(?:\.\d+)*[a-z]?|\d+(?:\.\d+)+)$/;
const NUMBER_ID = /^\d+[a-z]?$/;

/** A header cell as a word to match: emphasis, emoji and punctuation off, lower case. */
function headerWord(text: string): string {
  return stripBold(text)
    .replace(/[^\p{L}\p{N}#/&' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A cell's text as an ID: emphasis and brackets off. */
function cellId(text: string): string {
  return stripBold(text).replace(/^\[(.*)\]$/, '$1');
}

export function readTaskTables(
  source: string,
  tables: OutlineTable[],
  headings: HeadingText[],
  lines: LineIndex,
  diagnostics: Diagnostic[],
): TaskTables {
  const { legend, signs, tables: legendTables } = readLegend(source, headings, tables, lines, diagnostics);
  const out: TaskTables = { items: [], tables: new Set(), legend };
  // What an unknown status's message suggests: the document's own spellings when its legend gives them.
  const known = STATUSES.map((s) => legend[s] ?? DEFAULT_STATUS_WORDS[s]).join(', ');
  let h = 0;
  for (const table of tables) {
    if (table.rows.length < 2 || legendTables.has(table.start)) continue;
    while (h + 1 < headings.length && headings[h + 1].start < table.start) h++;
    const heading = headings[h] && headings[h].start < table.start ? headings[h] : null;
    const read = readTable(source, table, heading, lines, diagnostics, signs, known);
    if (!read) continue;
    out.tables.add(table.start);
    out.items.push(...read);
  }
  return out;
}

interface Cells {
  spans: Span[];
  texts: string[];
  end: number;
}

function readTable(
  source: string,
  table: OutlineTable,
  heading: HeadingText | null,
  lines: LineIndex,
  diagnostics: Diagnostic[],
  signs: LegendSigns,
  known: string,
): TableRawItem[] | null {
  const wordStatus = (text: string) => statusOfWords(text, signs);
  const rows: Cells[] = table.rows.map((r) => {
    const end = lines.lineEnd(r.start);
    const spans = rowCells(source, r.start, end);
    return { spans, texts: spans.map((s) => source.slice(s.start, s.end)), end };
  });
  const header = rows[0].texts.map(headerWord);
  const body = rows.slice(1);
  if (REGISTER.test(header[0] ?? '')) return null;
  if (heading && CATEGORY_HEADING.test(stripBold(heading.text)) && header.some((w) => PRIORITY.test(w))) return null;
  const columns = header.length;
  const filled = (c: number) => body.map((r) => r.texts[c] ?? '').filter((t) => t !== '');

  let kind: StatusCell['kind'] = 'checkbox';
  let status = -1;
  for (let c = 0; c < columns && status === -1; c++) {
    const values = filled(c);
    if (values.length && values.every((v) => CELL_CHECKBOX.test(v))) status = c;
  }
  if (status === -1) {
    kind = 'word';
    const named = header.findIndex((w) => STATUS_HEADER.test(w));
    if (named !== -1 && filled(named).some((v) => wordStatus(v) !== null)) status = named;
    for (let c = 0; c < columns && status === -1; c++) {
      const values = filled(c);
      if (values.length && values.every((v) => wordStatus(v) !== null)) status = c;
    }
  }
  if (status === -1) return null;

  let idCol = header.findIndex((w, c) => c !== status && ID_HEADER.test(w));
  if (idCol === -1) {
    idCol = header.findIndex((_, c) => {
      const values = filled(c);
      return c !== status && values.length > 0 && values.every((v) => CELL_ID.test(cellId(v)));
    });
  }
  let titleCol = header.findIndex((w, c) => c !== status && c !== idCol && TITLE_HEADER.test(w));
  if (titleCol === -1)
    titleCol = header.findIndex((_, c) => c !== status && c !== idCol && filled(c).some((v) => /\p{L}/u.test(v)));

  const columnWidth = alignedWidth(source, table, rows[0], status);
  const items: TableRawItem[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const start = table.rows[r].start;
    const at = row.spans[status];
    const text = row.texts[status] ?? '';
    const idText = idCol === -1 ? '' : cellId(row.texts[idCol] ?? '');
    const id = idText && (CELL_ID.test(idText) || NUMBER_ID.test(idText)) ? idText : null;
    if (!at || text === '') {
      if (id !== null)
        diagnostics.push(
          diag(lines, 'warning', 'missing-status', `${id} has no status in this task table; fill its status cell.`, {
            start,
            end: row.end,
          }),
        );
      continue;
    }
    let statusSpan: Span;
    let textSpan: Span | null = null;
    let state: Status | null;
    if (kind === 'checkbox') {
      const m = CELL_CHECKBOX.exec(text)!;
      statusSpan = { start: at.start + 1, end: at.start + 2 };
      state = statusOf(m[1]);
      // `| [ ] Write docs |`: the text after the box is the title.
      let rest = at.start + 3;
      while (rest < at.end && /\s/.test(source[rest])) rest++;
      if (rest < at.end) textSpan = { start: rest, end: at.end };
    } else {
      statusSpan = at;
      state = wordStatus(text);
    }
    if (state === null) {
      diagnostics.push(
        diag(
          lines,
          'warning',
          'unknown-status',
          `"${text}" is not a status Tickmark knows, so this row is not tracked; write one of ${known} (docs/task-tables.md lists every word).`,
          at,
        ),
      );
      continue;
    }
    if (!textSpan && titleCol !== -1 && row.spans[titleCol]) textSpan = row.spans[titleCol];
    textSpan ??= id !== null && row.spans[idCol] ? row.spans[idCol] : statusSpan;
    const title = stripBold(source.slice(textSpan.start, textSpan.end).replace(/\\\|/g, '|')) || id || '';
    const lineStart = lines.lineStart(start);
    items.push({
      id,
      title,
      description: '',
      status: state,
      marker: source.slice(statusSpan.start, statusSpan.end),
      optional: false,
      markers: [],
      textDoneDate: null,
      // The row's opening pipe when it has one (GFM lets a row leave it out).
      bullet: source.slice(lineStart, row.end).trimStart().startsWith('|') ? '|' : '',
      depth: 0,
      parent: -1,
      start,
      lineSpan: { start: lineStart, end: row.end },
      statusSpan,
      textSpan,
      check: null,
      cell: statusCell(source, kind, at, statusSpan, row.end),
    });
  }
  alignColumn(items, columnWidth);
  return items;
}

/** Where a cell's text begins: just after the pipe before `at` (or the line start). */
function cellStart(source: string, at: number): number {
  let i = at;
  while (i > 0 && source[i - 1] !== '|' && source[i - 1] !== '\n') i--;
  return i;
}

/** Spaces from `from` up to the cell's closing pipe, or -1 when anything else comes first. */
export function cellTrail(source: TextView, from: number, lineEnd = source.length): number {
  let i = from;
  while (i < lineEnd && source.charAt(i) === ' ') i++;
  return i < lineEnd && source.charAt(i) === '|' ? i - from : -1;
}

/** The status cell's padding, measured the way the rows are aligned (display width). */
function statusCell(source: string, kind: StatusCell['kind'], at: Span, statusSpan: Span, lineEnd: number): StatusCell {
  const lead = displayWidth(source.slice(cellStart(source, at.start), at.start));
  return { kind, lead, trail: cellTrail(source, statusSpan.end, lineEnd), width: null };
}

/** An aligned table keeps each status cell to its column's width on write-back. */
function alignColumn(items: TableRawItem[], width: number | null): void {
  if (width === null) return;
  for (const i of items) if (i.cell.trail >= 1) i.cell.width = width;
}

/**
 * The status column's width when the table is aligned, judged from the header and delimiter rows alone (a
 * status change never touches them, so it cannot flip the judgement): every header cell as wide as its
 * delimiter cell, and some header cell padded past one space — the sign of a table padded to its widest
 * cells. A hand-written `| ID | Status |` over `|----|--------|` is not aligned.
 */
function alignedWidth(source: string, table: OutlineTable, header: Cells, column: number): number | null {
  const start = nextLine(source, header.end);
  if (start >= table.rows[1].start) return null;
  let end = start;
  while (end < source.length && source[end] !== '\n' && source[end] !== '\r') end++;
  return alignedWidths(source.slice(table.rows[0].start, header.end), source.slice(start, end))?.[column] ?? null;
}

/** Each column's display width between its pipes when a table is aligned (see alignedWidth), else null. */
export function alignedWidths(headerLine: string, delimiterLine: string): number[] | null {
  const segments = (text: string) =>
    text
      .trim()
      .replace(/^\|/, '')
      .replace(/(?<!\\)\|$/, '')
      .split(/(?<!\\)\|/);
  const head = segments(headerLine);
  const delimiter = segments(delimiterLine);
  if (head.length !== delimiter.length) return null;
  if (head.some((h, k) => displayWidth(h) !== displayWidth(delimiter[k]))) return null;
  if (!head.some((h) => / {2}$/.test(h))) return null;
  return delimiter.map(displayWidth);
}

function nextLine(source: string, lineEnd: number): number {
  if (source[lineEnd] === '\r' && source[lineEnd + 1] === '\n') return lineEnd + 2;
  return lineEnd + 1;
}

/**
 * The Status Legend: a heading naming a legend, and under it (up to the next heading) list items, lines or
 * table rows that each open with a status spelling (`- ✅ DONE - Completed and verified`, `| ⏸️ | DEFERRED |`).
 * A spelling Tickmark cannot map is reported where it stands.
 */
function readLegend(
  source: string,
  headings: HeadingText[],
  tables: OutlineTable[],
  lines: LineIndex,
  diagnostics: Diagnostic[],
): { legend: Partial<Record<Status, string>>; signs: Record<string, Status>; tables: Set<number> } {
  const legend: Partial<Record<Status, string>> = {};
  // `- 🟢 Done`: in this document a bare 🟢 says done, whatever the vocabulary's emoji say.
  const signs: Record<string, Status> = {};
  const consumed = new Set<number>();
  headings.forEach((h, i) => {
    if (!/\blegend\b/i.test(h.text)) return;
    const end = i + 1 < headings.length ? headings[i + 1].start : source.length;
    const inSection = tables.filter((t) => t.start > h.end && t.start < end);
    const headerRows = new Set(inSection.map((t) => t.rows[0].start));
    // The legend is the first list, run of lines or table under the heading: it ends at the first blank line
    // after an entry, so a task table further down the same section is read as one.
    let entries = 0;
    for (let at = nextLine(source, lines.lineEnd(h.end)); at < end;) {
      const lineEnd = lines.lineEnd(at);
      const line = source.slice(at, lineEnd);
      if (line.trim() === '' && entries > 0) break;
      const table = inSection.find((t) => t.start === at);
      if (table) consumed.add(table.start);
      const entry = legendEntry(line, headerRows.has(at));
      if (entry || headerRows.has(at) || (entries > 0 && /^\s*\|/.test(line))) entries++;
      if (entry) {
        const span = { start: at + entry.offset, end: at + entry.offset + entry.length };
        const status = statusOfWords(entry.spelling);
        if (status === null)
          diagnostics.push(
            diag(
              lines,
              'warning',
              'unknown-status',
              `The legend's "${entry.spelling}" is not a status Tickmark knows; docs/task-tables.md lists the words it maps.`,
              span,
            ),
          );
        else {
          legend[status] ??= entry.spelling;
          const sign = signOf(entry.spelling);
          if (sign) signs[sign] ??= status;
        }
      }
      if (lineEnd >= source.length) break;
      at = nextLine(source, lineEnd);
    }
  });
  return { legend, signs, tables: consumed };
}

/** One legend line's spelling: the text before its explanation (` - `, `:`, `=`, the next cell). */
function legendEntry(line: string, isHeaderRow: boolean): { spelling: string; offset: number; length: number } | null {
  if (isHeaderRow || /^\s*\|?\s*:?-{2,}/.test(line)) return null;
  let offset = 0;
  let body = line;
  const table = /^\s*\|/.test(line);
  if (table) {
    const cells = line.split('|').slice(1);
    const first = cells[0] ?? '';
    offset = line.indexOf('|') + 1 + (first.length - first.trimStart().length);
    // `| ⏸️ | DEFERRED | … |`: an emoji-only first cell and the word after it make one spelling.
    const own = first.trim();
    const spelling = /[\p{L}\p{N}]/u.test(own) ? own : `${own} ${(cells[1] ?? '').trim()}`.trim();
    return spelling ? { spelling: stripBold(spelling), offset, length: own.length } : null;
  }
  const lead = /^\s*(?:[-*+]|\d+[.)])\s+/.exec(line);
  if (lead) {
    offset = lead[0].length;
    body = line.slice(offset);
  } else if (!/^\s*(?:\*\*)?[^\p{L}\p{N}\s*]/u.test(line)) return null; // prose, not an entry
  const sep = /\s+[-–—=:]\s+|:\s|\s*=\s*|\s+\(/.exec(body);
  const raw = sep ? body.slice(0, sep.index) : body.trimEnd();
  const spelling = stripBold(raw);
  if (!spelling || spelling.split(/\s+/).length > 4) return null;
  offset += body.length - body.trimStart().length;
  return { spelling, offset, length: raw.trim().length };
}

function diag(
  lines: LineIndex,
  severity: Diagnostic['severity'],
  code: string,
  message: string,
  span: Span,
): Diagnostic {
  return { severity, code, message, ...lines.position(span.start), span };
}

/** List items and table items in document order, parents re-pointed into the merged array. */
export function mergeItems(list: RawItem[], table: RawItem[]): RawItem[] {
  if (!table.length) return list;
  const out: RawItem[] = [];
  const moved = new Int32Array(list.length);
  let i = 0;
  let j = 0;
  while (i < list.length || j < table.length) {
    if (j >= table.length || (i < list.length && list[i].start < table[j].start)) {
      moved[i] = out.length;
      out.push({ ...list[i], parent: list[i].parent === -1 ? -1 : moved[list[i].parent] });
      i++;
    } else out.push(table[j++]);
  }
  return out;
}
