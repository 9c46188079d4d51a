// A new phase's row in the summary dashboard table (issue 11): a copy of the last phase row in its own
// layout — the label renumbered (`Phase 3 (LOW)`), every number cell zero (the bookkeeping pass then counts
// it) — inserted after that row. Cells keep their width in an aligned table, so the columns stay aligned.

import type { Edit, PlanModel } from '../types';
import { lineAt, lineStartOf, nextLineStart } from './blocks';

const PRIORITY_IN_PARENS = /\s*\((?:CRITICAL|HIGH|MEDIUM|LOW)\)/i;

/** The insertion of a row for phase `number` called `name`; null when the plan has no phase rows to copy. */
export function summaryRowEdit(
  s: string,
  model: PlanModel,
  number: number,
  name: string,
  priority: string | null,
): Edit | null {
  const table = model.summary;
  const rows = table?.rows.filter((r) => !r.isTotal && r.phaseKey !== null) ?? [];
  const template = rows[rows.length - 1];
  if (!table || !template || !template.cells.length) return null;
  const start = lineStartOf(s, template.span.start);
  const label = s.slice(template.cells[0].start, template.cells[0].end);
  let newLabel: string;
  if (/phase\s+\d+/i.test(label)) {
    newLabel = label.replace(/(phase\s+)\d+/i, `$1${number}`);
    if (PRIORITY_IN_PARENS.test(newLabel)) {
      newLabel = newLabel.replace(PRIORITY_IN_PARENS, priority ? ` (${priority})` : '');
    } else if (priority) {
      newLabel = newLabel.replace(/(phase\s+\d+)/i, `$1 (${priority})`);
    }
  } else {
    const bold = /^\*\*.*\*\*$/.test(label);
    newLabel = bold ? `**${name}**` : name;
  }
  if (newLabel.includes('|')) newLabel = newLabel.replace(/\|/g, '\\|');
  // Cells from the last to the first, so earlier offsets stay valid while the row text is rebuilt.
  let row = lineAt(s, start);
  // An aligned table: the row's pipes stand where the header's do (judged by display columns, as a reader sees).
  const pipes = (line: string) => [...line].flatMap((c, i) => (c === '|' ? [i] : [])).join(',');
  const aligned = pipes(row) === pipes(lineAt(s, lineStartOf(s, table.span.start)));
  for (let i = template.cells.length - 1; i >= 0; i--) {
    const cell = template.cells[i];
    const from = cell.start - start;
    const to = cell.end - start;
    const old = row.slice(from, to);
    const text = i === 0 ? newLabel : /\d/.test(old) ? old.replace(/\d+(?:\.\d+)?/g, '0') : '';
    // In an aligned table a cell keeps its width (content plus padding before the next pipe) when it fits.
    let padEnd = to;
    while (row[padEnd] === ' ') padEnd++;
    const keep = aligned && row[padEnd] === '|';
    const padded = keep ? text + ' '.repeat(Math.max(1, padEnd - from - text.length)) : text;
    row = row.slice(0, from) + padded + row.slice(keep ? padEnd : to);
  }
  const at = nextLineStart(s, template.span.start);
  const eol = model.conventions.eol;
  // The last line of the file without an ending: the new row needs one before it.
  const text = at === s.length && !s.endsWith('\n') ? `${eol}${row}` : `${row}${eol}`;
  return { start: at, end: at, expect: '', text };
}
