// The bookkeeping a status change implies, as offset edits against the parsed text: the progress log (a done
// item joins today's row; an undone item leaves the row it was logged in), the summary dashboard numbers, the
// phase headings' `(N items)`, `**Last Updated**:` and the `**Progress**:` percentage. Everything is written
// in the document's own conventions, and only where the document already keeps such bookkeeping: a plan
// without a summary table or a log gets none added. The item's own status character is planEdits' job.
import type { Counts, Edit, Item, LogRow, LogWeek, PlanModel, Status } from './types';
import type { EditPlanner } from './edits';
import { addIdToCell, buildRow, itemSeparator, removeIdFromCell, splitRow } from './bookkeeping-cells';
import { daysBetween, findDate, formatDateLike } from './dates';
import { logColumns } from './progress-log';
import { countsAfter, emptyCounts } from './counts';

export interface BookkeepingOptions {
  /** The local date of the change, `YYYY-MM-DD`. */
  today: string;
  /** Text for the Notes cell of the log row a completion writes (appended after `; ` to a row's notes). */
  note?: string;
  /** Who made the change: credited in the log's By/Who column, where the log has one (appended after `, `). */
  by?: string;
}

/** Statuses after the change, by item key; items not named keep their status. */
export type StatusesAfter = ReadonlyMap<string, Status> | Readonly<Record<string, Status>>;

export function bookkeepingEdits(
  source: string,
  model: PlanModel,
  statusesAfter: StatusesAfter,
  opts: BookkeepingOptions,
): Edit[] {
  const after = toMap(statusesAfter);
  const changed = changedItems(model, after);
  const edits = new Edits(source);
  const counts = countsAfter(model, changed);

  summaryEdits(edits, source, model, counts);
  phaseCountEdits(edits, source, model, counts);
  if (model.lastUpdated) {
    const { start, end } = model.lastUpdated.span;
    const found = findDate(source.slice(start, end));
    if (found) edits.replace(start + found.index, start + found.index + found.length, found.format(opts.today));
  }
  if (model.progress) {
    const { start, end } = model.progress.span;
    const m = /(\d+(?:\.\d+)?)(\s*%)/.exec(source.slice(start, end));
    if (m) edits.replace(start + m.index, start + m.index + m[1].length, String(counts.total.percent));
  }
  logEdits(edits, source, model, changed, opts.today, logNote(opts.note), logNote(opts.by));
  return edits.list();
}

/** Bookkeeping brought in line with the items as they are (stated drift fixed), with no status change. */
export function refreshBookkeepingEdits(source: string, model: PlanModel, opts: BookkeepingOptions): Edit[] {
  return bookkeepingEdits(source, model, new Map(), opts);
}

type Changed = [Item, Status];

/** The items whose status the change moves, with their new status (one pass, no index built). */
function changedItems(model: PlanModel, after: ReadonlyMap<string, Status>): Changed[] {
  const out: Changed[] = [];
  if (!after.size) return out;
  for (const item of model.items) {
    const s = after.get(item.key);
    if (s !== undefined && s !== item.status) out.push([item, s]);
  }
  return out;
}

// ---- summary table and phase headings ----------------------------------------------------------------

function summaryEdits(
  edits: Edits,
  source: string,
  model: PlanModel,
  counts: { total: Counts; byPhase: Record<string, Counts> },
): void {
  const table = model.summary;
  if (!table) return;
  for (const row of table.rows) {
    const c = row.isTotal
      ? counts.total
      : row.phaseKey !== null
        ? (counts.byPhase[row.phaseKey] ?? emptyCounts())
        : null;
    if (!c) continue;
    const wanted: [number, number][] = [
      [table.columns.total, c.total],
      [table.columns.completed, c.done],
      [table.columns.inProgress, c.inProgress],
      [table.columns.remaining, c.remaining],
    ];
    for (const [col, value] of wanted) {
      const cell = col >= 0 ? row.cells[col] : undefined;
      if (cell) numberCellEdit(edits, source, cell.start, cell.end, value);
    }
  }
}

/** Rewrites the one number in a cell like `55` or `**131**`, keeping an aligned column aligned. */
function numberCellEdit(edits: Edits, source: string, start: number, end: number, value: number): void {
  const text = source.slice(start, end);
  const m = /^([^\w|]*?)(\d+)([^\w|]*)$/.exec(text);
  if (!m || Number(m[2]) === value) return;
  const digits = String(value);
  const numStart = start + m[1].length;
  const numEnd = numStart + m[2].length;
  let padEnd = end;
  while (source[padEnd] === ' ') padEnd++;
  const pad = padEnd - end;
  if (pad > 1 && source[padEnd] === '|') {
    const newPad = Math.max(1, pad - (digits.length - m[2].length));
    edits.replace(numStart, padEnd, digits + m[3] + ' '.repeat(newPad));
  } else edits.replace(numStart, numEnd, digits);
}

function phaseCountEdits(
  edits: Edits,
  source: string,
  model: PlanModel,
  counts: { total: Counts; byPhase: Record<string, Counts> },
): void {
  for (const phase of model.phases) {
    const span = phase.statedCountSpan;
    if (!span) continue;
    const text = source.slice(span.start, span.end);
    const m = /\d+/.exec(text);
    if (!m) continue;
    const value = counts.byPhase[phase.key]?.total ?? 0;
    if (Number(m[0]) !== value) edits.replace(span.start + m.index, span.start + m.index + m[0].length, String(value));
  }
}

// ---- progress log ------------------------------------------------------------------------------------

interface Line {
  start: number;
  end: number;
  text: string;
}

function lineAt(source: string, offset: number): Line {
  const start = source.lastIndexOf('\n', offset - 1) + 1;
  let end = source.indexOf('\n', offset);
  if (end < 0) end = source.length;
  if (end > start && source[end - 1] === '\r') end--;
  return { start, end, text: source.slice(start, end) };
}

/** The line ending that ends the line ending at `end`, or the document's convention at the end of the text. */
function eolAt(source: string, end: number, fallback: string): string {
  if (source.startsWith('\r\n', end)) return '\r\n';
  if (source[end] === '\n') return '\n';
  return fallback;
}

/** End of the last non-blank text before `offset`. */
function contentEndBefore(source: string, offset: number): number {
  let i = offset;
  while (i > 0 && /\s/.test(source[i - 1])) i--;
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
function rowRefs(source: string, model: PlanModel, ids: ReadonlySet<string>, today: string): RowRef[] {
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
function logNote(note: string | undefined): string {
  return (note ?? '').replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
}

function logEdits(
  edits: Edits,
  source: string,
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
      const eolStart = r.line.start - (source[r.line.start - 2] === '\r' ? 2 : 1);
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
function isWholeWeek(source: string, logEnd: number, week: LogWeek): boolean {
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
  source: string,
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
  const delimiterLine = lineAt(source, headerLine.end + 1 + (source[headerLine.end] === '\r' ? 1 : 0));
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

function lastLineEnd(source: string, week: LogWeek): number {
  if (week.rows.length) return lineAt(source, week.rows[week.rows.length - 1].span.start).end;
  if (week.table) return week.table.end;
  return lineAt(source, week.heading.start).end;
}

// ---- edit list ---------------------------------------------------------------------------------------

class Edits {
  private edits: Edit[] = [];
  constructor(private source: string) {}

  replace(start: number, end: number, text: string): void {
    const expect = this.source.slice(start, end);
    if (expect !== text) this.edits.push({ start, end, expect, text });
  }

  insert(at: number, text: string): void {
    if (text) this.edits.push({ start: at, end: at, expect: '', text });
  }

  list(): Edit[] {
    return this.edits.sort((a, b) => a.start - b.start || a.end - b.end);
  }
}

function toMap(s: StatusesAfter): Map<string, Status> {
  return s instanceof Map ? new Map(s) : new Map(Object.entries(s as Record<string, Status>));
}

/** The bookkeeping as a planner for parser/lib/edits.ts: `planEdits(model, change, {today, planners:
 * [bookkeepingPlanner(source)]})` returns the item's own edits followed by these. */
export function bookkeepingPlanner(source: string): EditPlanner {
  return ({ model, change, today }) =>
    bookkeepingEdits(source, model, new Map([[change.key, change.status]]), {
      today,
      note: change.note,
      by: change.by,
    });
}
