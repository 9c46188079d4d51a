// The progress log: a `Progress Log` heading, week headings below it, each with a
// `| Date | Items Completed | Notes |` table whose items cell is expanded to IDs.

import type { Diagnostic, LogRow, LogWeek, ProgressLog } from './types';
import type { OutlineTable } from './outline';
import type { HeadingText } from './headings';
import type { LineIndex } from './lines';
import { cellText, rowCells } from './tables';
import { expandIds } from './ranges';
import { readDate } from './dates';

const LOG_HEADING = /\b(?:progress|completion|work)\s+log\b|\bchangelog\b/i;

export function readProgressLog(
  source: string,
  headings: HeadingText[],
  tables: OutlineTable[],
  lines: LineIndex,
  diagnostics: Diagnostic[],
): ProgressLog | null {
  const at = headings.findIndex((h) => LOG_HEADING.test(h.text));
  if (at === -1) return null;
  const log = headings[at];
  let endIndex = headings.findIndex((h, i) => i > at && h.depth <= log.depth);
  if (endIndex === -1) endIndex = headings.length;
  const end = endIndex < headings.length ? headings[endIndex].start : source.length;
  const inLog = tables.filter((t) => t.start > log.start && t.start < end);
  const weekHeadings = headings.slice(at + 1, endIndex);

  const weeks: LogWeek[] = [];
  // Tables straight under the log heading (no week headings) form one week titled like the log.
  const owners = [log, ...weekHeadings];
  owners.forEach((owner, k) => {
    const ownerEnd = k + 1 < owners.length ? owners[k + 1].start : end;
    const table = inLog.find((t) => t.start > owner.start && t.start < ownerEnd);
    if (owner === log && !table) return;
    weeks.push(readWeek(source, owner, table ?? null, lines, diagnostics));
  });

  // Where a new week goes: after the last non-blank character before the next section.
  let last = end;
  while (last > log.end && /\s/.test(source[last - 1])) last--;
  while (last > log.end && /^-{3,}$|^\*{3,}$/.test(source.slice(source.lastIndexOf('\n', last - 1) + 1, last).trim())) {
    last = source.lastIndexOf('\n', last - 1);
    while (last > log.end && /\s/.test(source[last - 1])) last--;
  }
  return {
    heading: { start: log.start, end: log.end },
    depth: log.depth,
    weeks,
    end: Math.max(last, log.end),
    ...lines.position(log.start),
  };
}

function readWeek(
  source: string,
  heading: HeadingText,
  table: OutlineTable | null,
  lines: LineIndex,
  diagnostics: Diagnostic[],
): LogWeek {
  const week: LogWeek = {
    title: heading.text,
    heading: { start: heading.start, end: heading.end },
    table: table ? { start: table.start, end: table.end } : null,
    header: [],
    rows: [],
    ...lines.position(heading.start),
  };
  if (!table || table.rows.length === 0) return week;
  week.header = rowCells(source, table.rows[0].start, lines.lineEnd(table.rows[0].start)).map((c) =>
    cellText(source, c),
  );
  const { date: dateCol, items: itemsCol, notes: notesCol } = logColumns(week.header);
  for (const r of table.rows.slice(1)) {
    const end = lines.lineEnd(r.start);
    const cells = rowCells(source, r.start, end);
    const raw = (i: number): string => (cells[i] ? source.slice(cells[i].start, cells[i].end) : '');
    const dateRaw = raw(dateCol);
    const read = readDate(dateRaw);
    if (read.shaped && read.date === null) {
      const span = cells[dateCol];
      diagnostics.push({
        severity: 'error',
        code: 'invalid-date',
        message: `"${dateRaw}" is not a real date; write it as YYYY-MM-DD.`,
        ...lines.position(span.start),
        span,
      });
    } else if (!read.shaped && dateRaw.trim() !== '' && cells[dateCol]) {
      const span = cells[dateCol];
      diagnostics.push({
        severity: 'warning',
        code: 'invalid-date',
        message: `"${dateRaw}" is not a date; the log's first column should read YYYY-MM-DD.`,
        ...lines.position(span.start),
        span,
      });
    }
    const itemsRaw = raw(itemsCol);
    const row: LogRow = {
      date: read.date,
      dateRaw,
      itemsRaw,
      ids: logIds(itemsRaw),
      notes: raw(notesCol),
      cells,
      span: { start: r.start, end },
      ...lines.position(r.start),
    };
    week.rows.push(row);
  }
  return week;
}

/** Which column of a log table holds the date, the items and the notes: found by the header's words, else
 * the usual `| Date | Items Completed | Notes |` order; and who did it (`By`, `Who`, `Owner` …), only when the
 * header names such a column (-1 otherwise). The write-back reads rows with the same answer. */
export function logColumns(header: readonly string[]): { date: number; items: number; notes: number; by: number } {
  const col = (re: RegExp, fallback: number): number => {
    const i = header.findIndex((h) => re.test(h));
    return i === -1 ? fallback : i;
  };
  const by = header.findIndex((h) => BY_HEADER.test(h.trim()));
  const notes = col(/note|comment|detail|description/i, 2);
  return {
    date: col(/date|day|when/i, 0),
    items: col(/item|task|id|completed/i, 1),
    notes: notes === by ? -1 : notes,
    by,
  };
}

/** A log column crediting who did the work: the whole header cell is one of these words. */
const BY_HEADER = /^(?:by|who|owner|owners|author|authors|assignee|done by|completed by|contributors?)$/i;

/** The IDs an items cell names (lists and ranges), emphasis and code marks aside. */
export function logIds(itemsRaw: string): string[] {
  return expandIds(itemsRaw.replace(/\*\*|__|`/g, ''));
}
