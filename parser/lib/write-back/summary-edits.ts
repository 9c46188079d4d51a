// The summary dashboard's numbers, the phase headings' `(N items)` and the `**Progress**:` percentage and count, as
// edits that bring them in line with the counts after a change.
import type { Counts, PlanModel } from '../types';
import { emptyCounts } from '../counts';
import type { Edits } from './edit-list';
import type { TextView } from '../text-view';

export function summaryEdits(
  edits: Edits,
  source: TextView,
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
function numberCellEdit(edits: Edits, source: TextView, start: number, end: number, value: number): void {
  const text = source.slice(start, end);
  const m = /^([^\w|]*?)(\d+)([^\w|]*)$/.exec(text);
  if (!m || Number(m[2]) === value) return;
  const digits = String(value);
  const numStart = start + m[1].length;
  const numEnd = numStart + m[2].length;
  let padEnd = end;
  while (source.charAt(padEnd) === ' ') padEnd++;
  const pad = padEnd - end;
  if (pad > 1 && source.charAt(padEnd) === '|') {
    const newPad = Math.max(1, pad - (digits.length - m[2].length));
    edits.replace(numStart, padEnd, digits + m[3] + ' '.repeat(newPad));
  } else edits.replace(numStart, numEnd, digits);
}

export function phaseCountEdits(
  edits: Edits,
  source: TextView,
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

/** The `**Progress**:` percentage, in the counting module's one percent rule. */
export function progressEdit(edits: Edits, source: TextView, model: PlanModel, counts: { total: Counts }): void {
  if (!model.progress) return;
  const { start, end } = model.progress.span;
  const m = /(\d+(?:\.\d+)?)(\s*%)/.exec(source.slice(start, end));
  if (m) edits.replace(start + m.index, start + m.index + m[1].length, String(counts.total.percent));
  // `3/6 items`: items done of those that count (cancelled ones aside, as in the percent), each number in place.
  const count = model.progress.count;
  if (!count) return;
  const c = /^(\d+)(\D+)(\d+)$/.exec(source.slice(count.span.start, count.span.end));
  if (!c) return;
  const t = counts.total;
  const totalAt = count.span.start + c[1].length + c[2].length;
  edits.replace(count.span.start, count.span.start + c[1].length, String(t.done));
  edits.replace(totalAt, totalAt + c[3].length, String(t.total - t.cancelled));
}
