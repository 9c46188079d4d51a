// Progress-log surgery for a status change: a done item joins today's row (a new row, or a new week, in the
// log's own layout when there is none); an undone item leaves the row it was logged in.
import type { Item, LogRow, LogWeek, PlanModel, Status } from '../types';
import { addIdToCell, buildRow, itemSeparator, removeIdFromCell, splitRow } from './log-cells';
import { daysBetween, formatDateLike } from '../dates';
import { logColumns } from '../progress-log';
import type { Edits } from './edit-list';
import type { TextView } from '../text-view';

/** An item whose status the change moves, with its new status. */
export type Changed = [Item, Status];

interface Line {
  start: number;
  end: number;
  text: string;
}

function lineAt(source: TextView, offset: number): Line {
  const start = source.lastIndexOf('\n', offset - 1) + 1;
  let end = source.indexOf('\n', offset);
  if (end < 0) end = source.length;
  if (end > start && source.charAt(end - 1) === '\r') end--;
  return { start, end, text: source.slice(start, end) };
}

/** The line ending that ends the line ending at `end`, or the document's convention at the end of the text. */
function eolAt(source: TextView, end: number, fallback: string): string {
  if (source.startsWith('\r\n', end)) return '\r\n';
  if (source.charAt(end) === '\n') return '\n';
  return fallback;
}

/** End of the last non-blank text before `offset`. */
function contentEndBefore(source: TextView, offset: number): number {
  let i = offset;
  while (i > 0 && /\s/.test(source.charAt(i - 1))) i--;
  return i;
}

interface LogColumns {
  date: number;
  items: number;
  notes: number;
  by: number;
}

function weekColumns(week: LogWeek): LogColumns | null {
  return week.header.length ? logColumns(week.header) : null;
}

interface RowRef {
  week: LogWeek;
  weekIndex: number;
  row: LogRow;
  line: Line;
  cols: LogColumns;
  /** Absolute start/end of the items cell content. */
  cell: { start: number; end: number };
  /** Whether every cell but the date and the items is empty (a row that holds nothing else). */
  bare: boolean;
  /** Absolute start/end of the notes cell content, when the row has one. */
  notes: { start: number; end: number } | null;
  /** Absolute start/end of the By/Who cell content, when the log has such a column. */
  by: { start: number; end: number } | null;
}

/** The rows a change can touch (naming a changed ID, dated today, or last in their week — the template for a
 * new row), with their items cell located: a large plan's log has a thousand rows, a tick reads a few. */
function rowRefs(source: TextView, model: PlanModel, ids: ReadonlySet<string>, today: string): RowRef[] {
  const refs: RowRef[] = [];
  model.log!.weeks.forEach((week, weekIndex) => {
    const cols = weekColumns(week);
    if (!cols) return;
    for (const [n, row] of week.rows.entries()) {
      if (row.date !== today && n !== week.rows.length - 1 && !row.ids.some((id) => ids.has(id))) continue;
      const line = lineAt(source, row.span.start);
      const layout = splitRow(line.text);
      const cell = layout.cells[cols.items];
      if (!cell) continue;
      // Who did it says nothing once the items are gone: such a row still holds nothing else.
      const bare = layout.cells.every(
        (c, i) => i === cols.items || i === cols.date || i === cols.by || c.content === '',
      );
      const start = line.start + cell.start;
      const at = (i: number) => {
        const c = i !== cols.items && i !== cols.date ? layout.cells[i] : undefined;
        return c ? { start: line.start + c.start, end: line.start + c.start + c.content.length } : null;
      };
      refs.push({
        week,
        weekIndex,
        row,
        line,
        cols,
        cell: { start, end: start + cell.content.length },
        bare,
        notes: at(cols.notes),
        by: at(cols.by),
      });
    }
  });
  return refs;
}

/** A note as one table cell: one line, pipes escaped. */
export function logNote(note: string | undefined): string {
  return (note ?? '').replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
}

export function logEdits(
  edits: Edits,
  source: TextView,
  model: PlanModel,
  changed: Changed[],
  today: string,
  note: string,
  by: string,
): void {
  const log = model.log;
  if (!log || log.weeks.length === 0) return;
  const done: string[] = [];
  const undone: string[] = [];
  for (const [item, status] of changed) {
    if (item.id === null) continue;
    if (status === 'done') done.push(item.id);
    else if (item.status === 'done') undone.push(item.id);
  }
  if (!done.length && !undone.length) return;

  const refs = rowRefs(source, model, new Set([...done, ...undone]), today);
  const sep = itemSeparator(log.weeks.flatMap((w) => w.rows.map((r) => r.itemsRaw)));
  const pending = new Map<RowRef, string>();
  const cellOf = (r: RowRef) => pending.get(r) ?? source.slice(r.cell.start, r.cell.end);

  for (const id of undone) {
    for (const r of refs) {
      if (!r.row.ids.includes(id)) continue;
      const next = removeIdFromCell(cellOf(r), id, sep);
      if (next !== null) pending.set(r, next);
    }
  }

  const toAdd = done.filter((id) => !refs.some((r) => r.row.ids.includes(id) && !undone.includes(id)));
  const newRowIds: string[] = [];
  if (toAdd.length) {
    const todayRow = [...refs].reverse().find((r) => r.row.date === today);
    for (const id of toAdd) {
      if (todayRow) pending.set(todayRow, addIdToCell(cellOf(todayRow), id, sep));
      else newRowIds.push(id);
    }
    if (todayRow?.notes && note) {
      const { start, end } = todayRow.notes;
      const old = source.slice(start, end);
      if (!old.split('; ').includes(note)) edits.replace(start, end, old ? `${old}; ${note}` : note);
    }
    if (todayRow?.by && by) {
      const { start, end } = todayRow.by;
      const old = source.slice(start, end);
      if (!old.split(/,\s*/).includes(by)) edits.replace(start, end, old ? `${old}, ${by}` : by);
    }
  }

  // Rows whose items cell emptied and that hold nothing else go away (with the week we would have created).
  const emptied = [...pending].filter(([r, text]) => text.trim() === '' && r.bare).map(([r]) => r);
  const lastWeekIndex = log.weeks.length - 1;
  const lastWeek = log.weeks[lastWeekIndex];
  const lastWeekGone =
    newRowIds.length === 0 &&
    lastWeek.rows.length > 0 &&
    lastWeek.table !== null &&
    lastWeek.rows.every((row) => emptied.some((r) => r.row === row)) &&
    isWholeWeek(source, log.end, lastWeek);
  for (const [r, text] of pending) {
    if (emptied.includes(r)) {
      if (lastWeekGone && r.weekIndex === lastWeekIndex) continue;
      const eolStart = r.line.start - (source.charAt(r.line.start - 2) === '\r' ? 2 : 1);
      edits.replace(Math.max(0, eolStart), r.line.end, '');
    } else edits.replace(r.cell.start, r.cell.end, text);
  }
  if (lastWeekGone) {
    const heading = lineAt(source, lastWeek.heading.start);
    const tableEnd = lineAt(source, lastWeek.rows[lastWeek.rows.length - 1].span.start).end;
    edits.replace(contentEndBefore(source, heading.start), tableEnd, '');
  }

  if (newRowIds.length) insertRow(edits, source, model, refs, newRowIds.join(sep), today, note, by);
}

/** Whether the week is nothing but its heading and its table, and ends the log. */
function isWholeWeek(source: TextView, logEnd: number, week: LogWeek): boolean {
  if (!week.table || !week.rows.length) return false;
  const heading = lineAt(source, week.heading.start);
  const table = lineAt(source, week.table.start);
  const lastRow = lineAt(source, week.rows[week.rows.length - 1].span.start);
  return (
    source.slice(heading.end, table.start).trim() === '' &&
    contentEndBefore(source, Math.max(logEnd, lastRow.end)) <= lastRow.end
  );
}

/** A new row for today: at the end of the current week's table, or under a new week heading. */
function insertRow(
  edits: Edits,
  source: TextView,
  model: PlanModel,
  refs: RowRef[],
  ids: string,
  today: string,
  note: string,
  by: string,
) {
  const log = model.log!;
  const week = log.weeks[log.weeks.length - 1];
  const fallbackEol = model.conventions.eol;
  const templateRef = [...refs].reverse().find((r) => r.week === week) ?? refs[refs.length - 1];
  const tableWeek = week.table ? week : [...log.weeks].reverse().find((w) => w.table);
  if (!tableWeek || !tableWeek.table) return; // no table anywhere to copy the layout from
  const cols = weekColumns(tableWeek);
  if (!cols) return;
  const headerLine = lineAt(source, tableWeek.table.start);
  const delimiterLine = lineAt(source, headerLine.end + 1 + (source.charAt(headerLine.end) === '\r' ? 1 : 0));
  const template = splitRow(templateRef ? templateRef.line.text : headerLine.text);
  const contents = template.cells.map((_, i) =>
    i === cols.items
      ? ids
      : i === cols.date
        ? templateRef
          ? formatDateLike(templateRef.row.dateRaw, today)
          : today
        : i === cols.notes
          ? note
          : i === cols.by
            ? by
            : '',
  );
  const row = buildRow(template, contents);

  const firstDate = week.rows.find((r) => r.date)?.date ?? null;
  // A log without week headings is one table: it grows there (a new heading would end the log, unread).
  const unweeked = week.heading.start === log.heading.start;
  const sameWeek = week.table !== null && (unweeked || firstDate === null || daysBetween(firstDate, today) < 7);
  if (sameWeek) {
    const last = week.rows.length ? lineAt(source, week.rows[week.rows.length - 1].span.start) : delimiterLine;
    edits.insert(last.end, eolAt(source, last.end, fallbackEol) + row);
    return;
  }

  // A new week, laid out like the last one: the same gap before the heading, heading level and naming,
  // gap before the table, header and delimiter rows.
  const anchor = contentEndBefore(source, Math.max(log.end, lastLineEnd(source, week)));
  const eol = eolAt(source, anchor, fallbackEol);
  const heading = lineAt(source, week.heading.start);
  const gapBefore = source.slice(contentEndBefore(source, heading.start), heading.start);
  const gapInside = week.table ? source.slice(heading.end, lineAt(source, week.table.start).start) : eol;
  const number = /(\bweek\s*)(\d+)/i.exec(heading.text);
  const nextTitle = number
    ? heading.text.slice(0, number.index) +
      number[1] +
      (Number(number[2]) + 1) +
      heading.text.slice(number.index + number[0].length)
    : `${/^\s*#+\s*/.exec(heading.text)?.[0] ?? '### '}Week ${log.weeks.length + 1}`;
  edits.insert(anchor, gapBefore + nextTitle + gapInside + headerLine.text + eol + delimiterLine.text + eol + row);
}

function lastLineEnd(source: TextView, week: LogWeek): number {
  if (week.rows.length) return lineAt(source, week.rows[week.rows.length - 1].span.start).end;
  if (week.table) return week.table.end;
  return lineAt(source, week.heading.start).end;
}
