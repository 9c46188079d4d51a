// Structure edits on task-table rows (docs/task-tables.md, decision 032): a new row copies a neighbour row's
// layout — indentation, outer pipes, each cell's padding, the ID, status and title columns — and, in an aligned
// table, pads its cells to the columns' widths; no other row is touched (a wider cell pushes only its own
// pipes). Rows move between tables by their headers' names, and between a table and a list only when nothing
// would be lost; anything else is refused with the reason.

import type { Item, PlanModel, Status } from '../types';
import { markerFor } from '../edits';
import { alignedWidths } from '../task-tables';
import { cellStatusText } from '../task-table-edits';
import { displayWidth } from '../status-words';
import { stripBold } from '../text';
import { isBlankAt, lineAt, lineNumberAt, lineStartOf, nextLineStart } from './blocks';
import { StructureError } from './types';

/** A table row split at its unescaped pipes: text before the first cell, raw cells (padding included), after. */
interface Row {
  start: number;
  indent: string;
  open: boolean;
  cells: string[];
  /** Offset of each raw cell within the line. */
  at: number[];
  close: boolean;
}

export interface TableAround {
  start: number;
  /** Just after the last row's line ending (or the source's end). */
  end: number;
  header: string;
  delimiter: string;
  /** Start offsets of the body rows. */
  rows: number[];
}

const DELIMITER = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const BOLD = /^\*\*[^*]+\*\*$/;

function splitRow(line: string, start: number): Row {
  const pipes: number[] = [];
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\' && (line[i + 1] === '\\' || line[i + 1] === '|')) i++;
    else if (line[i] === '|') pipes.push(i);
  }
  const indent = /^[ \t]*/.exec(line)![0];
  const open = pipes[0] === indent.length;
  const bounds = open ? pipes : [indent.length - 1, ...pipes];
  const close = pipes.length > 0 && line.slice(pipes[pipes.length - 1] + 1).trim() === '';
  const cells: string[] = [];
  const at: number[] = [];
  for (let k = 0; k < bounds.length; k++) {
    const from = bounds[k] + 1;
    const to = k + 1 < bounds.length ? bounds[k + 1] : close ? -1 : line.length;
    if (to === -1) break;
    cells.push(line.slice(from, to));
    at.push(from);
  }
  return { start, indent, open, cells, at, close };
}

function joinRow(like: Row, cells: string[]): string {
  return `${like.indent}${like.open ? '|' : ''}${cells.join('|')}${like.close ? '|' : ''}`;
}

/** The table holding a task-table row, found by its lines: header, delimiter row, body rows. */
export function tableAround(s: string, item: Item): TableAround {
  const row = lineStartOf(s, item.lineSpan.start);
  let delimiter = row;
  while (delimiter > 0 && !DELIMITER.test(lineAt(s, delimiter))) {
    delimiter = lineStartOf(s, delimiter - 1);
    if (isBlankAt(s, delimiter)) break;
  }
  const start = delimiter > 0 ? lineStartOf(s, delimiter - 1) : 0;
  if (!DELIMITER.test(lineAt(s, delimiter)) || start === delimiter) {
    throw new StructureError(
      'bad-text',
      `The table around line ${item.line} has no header row; edit it by hand.`,
      item.line,
    );
  }
  const rows: number[] = [];
  let end = nextLineStart(s, delimiter);
  while (end < s.length && !isBlankAt(s, end) && lineAt(s, end).includes('|') && !/^ {0,3}#/.test(lineAt(s, end))) {
    rows.push(end);
    end = nextLineStart(s, end);
  }
  return { start, end, header: lineAt(s, start), delimiter: lineAt(s, delimiter), rows };
}

/** What a row's removal takes: its line, or the whole table when it is the table's only row (so adding a row to
 * an empty section, which writes a table, and removing it again gives the original bytes back). */
export function rowBlock(s: string, item: Item): { start: number; end: number } {
  const table = tableAround(s, item);
  if (table.rows.length === 1) return { start: table.start, end: table.end };
  const start = lineStartOf(s, item.lineSpan.start);
  return { start, end: nextLineStart(s, item.lineSpan.end) };
}

interface Columns {
  id: number;
  status: number;
  /** -1 when the table has no title column (the title is read from the ID or status cell). */
  title: number;
  /** `| [ ] Write docs |`: the title follows the box in the status cell. */
  titleInStatus: boolean;
}

function cellIndex(row: Row, offset: number): number {
  let k = row.at.length - 1;
  while (k > 0 && row.start + row.at[k] > offset) k--;
  return k;
}

/** Which cells of the table hold the ID, status and title, read from the parsed rows of that table. */
function columnsOf(s: string, model: PlanModel, like: Item, table: TableAround): Columns {
  const rowOf = (i: Item) => splitRow(lineAt(s, lineStartOf(s, i.lineSpan.start)), lineStartOf(s, i.lineSpan.start));
  const row = rowOf(like);
  const status = cellIndex(row, like.statusSpan.start);
  let title = cellIndex(row, like.textSpan.start);
  const titleInStatus =
    title === status && like.cell?.kind === 'checkbox' && like.textSpan.start !== like.statusSpan.start;
  const inTable = model.items.filter((i) => i.cell && i.lineSpan.start >= table.start && i.lineSpan.start < table.end);
  let id = -1;
  for (const i of inTable) {
    if (!i.id) continue;
    const r = rowOf(i);
    id = r.cells.findIndex((c, k) => k !== cellIndex(r, i.statusSpan.start) && cellId(c) === i.id);
    if (id !== -1) break;
  }
  if (
    (title === status && !titleInStatus) ||
    (title === id && like.id !== null && cellId(row.cells[id]) === like.title)
  )
    title = -1;
  return { id, status, title, titleInStatus };
}

function cellId(raw: string): string {
  return stripBold(raw.trim()).replace(/^\[(.*)\]$/, '$1');
}

export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** A raw cell holding `content`, padded like `like` (a raw cell of the neighbour row): to the column's width in
 * an aligned table (on the side the neighbour pads), one space a side (as the neighbour has them) otherwise. */
function padCell(content: string, like: string, width: number | null): string {
  if (!content && like.trim() === '') return like;
  const lead = /^ */.exec(like)![0].length;
  const trail = like.trim() === '' ? 0 : /( *)$/.exec(like)![1].length;
  const a = Math.min(lead, 1);
  const b = content ? Math.min(trail, 1) : 0;
  const extra = width === null ? 0 : Math.max(0, width - a - b - displayWidth(content));
  const left = lead > 1 && trail > 1 ? Math.floor(extra / 2) : lead > 1 && trail <= 1 ? extra : 0;
  return `${' '.repeat(a + left)}${content}${' '.repeat(b + extra - left)}`;
}

export interface RowValues {
  id: string | null;
  title: string;
  status: Status;
}

export function hasIdColumn(s: string, model: PlanModel, like: Item): boolean {
  return columnsOf(s, model, like, tableAround(s, like)).id !== -1;
}

/** A new row for `values` in the table of `like` (a row of it), laid out like `like`; other cells empty. */
export function newRowLike(s: string, model: PlanModel, like: Item, values: RowValues, extra: string[] = []): string {
  const table = tableAround(s, like);
  const cols = columnsOf(s, model, like, table);
  if (values.id !== null && cols.id === -1) {
    throw new StructureError(
      'bad-id',
      `The table at line ${lineNumberAt(s, table.start)} has no ID column; leave the ID out.`,
    );
  }
  if (cols.title === -1 && !cols.titleInStatus) {
    throw new StructureError(
      'bad-text',
      `The table at line ${lineNumberAt(s, table.start)} has no title column; add the row by hand.`,
    );
  }
  const start = lineStartOf(s, like.lineSpan.start);
  const row = splitRow(lineAt(s, start), start);
  const header = splitRow(table.header, table.start);
  const widths = alignedWidths(table.header, table.delimiter);
  const count = Math.max(header.cells.length, row.cells.length);
  const title = escapeCell(values.title);
  const cells: string[] = [];
  for (let k = 0; k < count; k++) {
    const raw = row.cells[k] ?? header.cells[k] ?? ' ';
    const own = raw.trim();
    let content = extra[k] ?? '';
    if (k === cols.id && values.id !== null)
      content = own && cellId(raw) === like.id ? own.replace(like.id!, values.id) : values.id;
    if (k === cols.title) content = BOLD.test(own) ? `**${title}**` : title;
    if (k === cols.status) {
      if (like.cell?.kind === 'word') content = cellStatusText(model, values.status);
      else {
        const gap = cols.titleInStatus ? s.slice(like.statusSpan.end + 1, like.textSpan.start) || ' ' : '';
        content = `[${markerFor(model, values.status)}]${cols.titleInStatus ? gap + title : ''}`;
      }
    }
    cells.push(padCell(content, raw, widths?.[k] ?? null));
  }
  return joinRow(row, cells);
}

/** A new table for one row: the header and delimiter rows of `like`'s table, then the row. */
export function newTableLike(s: string, model: PlanModel, like: Item, values: RowValues, eol: string): string {
  const table = tableAround(s, like);
  return `${table.header}${eol}${table.delimiter}${eol}${newRowLike(s, model, like, values)}`;
}

/** The non-empty cells of a row other than its ID, status and title, by header name. */
function otherCells(s: string, model: PlanModel, item: Item): { name: string; text: string; column: number }[] {
  const table = tableAround(s, item);
  const cols = columnsOf(s, model, item, table);
  const start = lineStartOf(s, item.lineSpan.start);
  const row = splitRow(lineAt(s, start), start);
  const header = splitRow(table.header, table.start);
  return row.cells.flatMap((raw, k) =>
    k === cols.id || k === cols.status || k === cols.title || !raw.trim()
      ? []
      : [{ name: (header.cells[k] ?? '').trim(), text: raw.trim(), column: k }],
  );
}

/** A moved row rewritten for another table: ID, status and title in their columns, the other cells under the
 * column of the same header name; refused when one of them has nowhere to go. */
export function rowMovedTo(s: string, model: PlanModel, item: Item, like: Item): string {
  const from = tableAround(s, item);
  const to = tableAround(s, like);
  const start = lineStartOf(s, item.lineSpan.start);
  if (from.start === to.start || (from.header === to.header && like.cell?.kind === item.cell?.kind)) {
    return lineAt(s, start);
  }
  const names = splitRow(to.header, to.start).cells.map((c) => c.trim().toLowerCase());
  const extra: string[] = [];
  const lost: string[] = [];
  for (const cell of otherCells(s, model, item)) {
    const k = names.indexOf(cell.name.toLowerCase());
    if (k === -1) lost.push(cell.name || `column ${cell.column + 1}`);
    else extra[k] = cell.text;
  }
  if (lost.length) {
    throw new StructureError(
      'bad-text',
      `${item.id ?? item.title}'s ${lost.join(', ')} cell${lost.length > 1 ? 's have' : ' has'} no column in the table at line ${lineNumberAt(s, to.start)}; add the column there first, or move the row by hand.`,
      item.line,
    );
  }
  return newRowLike(s, model, like, { id: item.id, title: item.title, status: item.status }, extra);
}

/** Refuses turning a table row into a list item when cells other than ID, status and title hold text. */
export function checkRowToList(s: string, model: PlanModel, item: Item): void {
  const lost = otherCells(s, model, item);
  if (lost.length) {
    throw new StructureError(
      'bad-text',
      `${item.id ?? item.title} is a table row whose ${lost.map((c) => c.name || `column ${c.column + 1}`).join(', ')} ${lost.length > 1 ? 'cells' : 'cell'} a list item has no place for; move it after a row of a table, or by hand.`,
      item.line,
    );
  }
}

/** Refuses turning a list item into a table row when it holds more than its ID, title and status. */
export function checkListToRow(item: Item, blockLines: number): void {
  const what = item.description
    ? 'a description'
    : blockLines > 1
      ? 'nested lines'
      : item.textDoneDate
        ? `a done date (${item.textDoneDate})`
        : null;
  if (what) {
    throw new StructureError(
      'bad-text',
      `${item.id ?? item.title} has ${what}, which a table row has no place for; move it after a list item, or by hand.`,
      item.line,
    );
  }
}

/** The title cell's new text (escaped, bold as it was) and, in an aligned table, its padding kept to the column. */
export function titleCellEdit(s: string, model: PlanModel, item: Item, title: string) {
  const table = tableAround(s, item);
  const cols = columnsOf(s, model, item, table);
  if (cols.title === -1 && !cols.titleInStatus) {
    throw new StructureError(
      'bad-text',
      `${item.id ?? item.key}'s table has no title column; edit the row by hand.`,
      item.line,
    );
  }
  const { start, end } = item.textSpan;
  const old = s.slice(start, end);
  const text = BOLD.test(old) ? `**${escapeCell(title)}**` : escapeCell(title);
  const widths = alignedWidths(table.header, table.delimiter);
  let trail = 0;
  while (s[end + trail] === ' ') trail++;
  if (widths === null || s[end + trail] !== '|' || trail < 1) return { start, end, expect: old, text };
  const pad = Math.max(1, trail - (displayWidth(text) - displayWidth(old)));
  return { start, end: end + trail, expect: s.slice(start, end + trail), text: text + ' '.repeat(pad) };
}
