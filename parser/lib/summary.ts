// The summary dashboard: the first table whose header names a total and a completed column.
// `| Phase 1 (HIGH) | 55 | 55 | 0 | 0 |` → stated counts with the offsets of every cell.

import type { Phase, StatedCounts, SummaryRow, SummaryTable } from './types';
import type { OutlineTable } from './outline';
import type { LineIndex } from './lines';
import { cellText, rowCells } from './tables';
import { stripBold } from './text';

function columnOf(header: string[], re: RegExp, not?: RegExp): number {
  return header.findIndex((h) => re.test(h) && !(not && not.test(h)));
}

function count(text: string | undefined): number | null {
  if (text === undefined) return null;
  const m = /^~?\s*(\d+)\b/.exec(text);
  return m ? Number(m[1]) : null;
}

export function readSummary(
  source: string,
  tables: OutlineTable[],
  phases: Phase[],
  lines: LineIndex,
): SummaryTable | null {
  for (const table of tables) {
    if (table.rows.length === 0) continue;
    const headerCells = rowCells(source, table.rows[0].start, lines.lineEnd(table.rows[0].start));
    const header = headerCells.map((c) => cellText(source, c));
    const columns = {
      total: columnOf(header, /total/i),
      completed: columnOf(header, /complete|done/i),
      inProgress: columnOf(header, /progress/i),
      remaining: columnOf(header, /remain|to ?do|left|pending/i),
    };
    if (columns.total === -1 || columns.completed === -1) continue;
    const rows: SummaryRow[] = table.rows.slice(1).map((r) => {
      const end = lines.lineEnd(r.start);
      const cells = rowCells(source, r.start, end);
      const texts = cells.map((c) => cellText(source, c));
      const label = texts[0] ?? '';
      const isTotal = /^(?:grand\s+)?total\b/i.test(label);
      const stated: StatedCounts = {
        total: columns.total >= 0 ? count(texts[columns.total]) : null,
        completed: columns.completed >= 0 ? count(texts[columns.completed]) : null,
        inProgress: columns.inProgress >= 0 ? count(texts[columns.inProgress]) : null,
        remaining: columns.remaining >= 0 ? count(texts[columns.remaining]) : null,
      };
      return {
        label,
        phaseKey: isTotal ? null : phaseFor(label, phases),
        isTotal,
        stated,
        cells,
        span: { start: r.start, end },
        ...lines.position(r.start),
      };
    });
    return { header, columns, rows, span: { start: table.start, end: table.end }, ...lines.position(table.start) };
  }
  return null;
}

/** `Phase 1 (HIGH)` → the phase numbered 1; otherwise a phase whose name the label starts with. */
function phaseFor(label: string, phases: Phase[]): string | null {
  const m = /phase\s+(\d+)/i.exec(label);
  if (m) return phases.find((p) => p.number === Number(m[1]))?.key ?? null;
  const l = stripBold(label).toLowerCase();
  if (!l) return null;
  return phases.find((p) => p.name.toLowerCase() === l || p.name.toLowerCase().startsWith(l))?.key ?? null;
}
