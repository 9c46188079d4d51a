// The stored progress-log rows after a tick: only the rows that changed are written (db/writes/write-back.ts).
import { type PlanModel } from '../../parser/index';

export type LogRowValues = ReturnType<typeof logRows>[number];

export type LogDifference =
  | { kind: 'none' }
  | { kind: 'one'; position: number; row: LogRowValues }
  | { kind: 'many'; head: number; oldEnd: number; newEnd: number; rows: LogRowValues[] };

/** How the stored progress-log rows must change: a tick changes one row, or adds/removes one, in a log of a
 * thousand rows. Compared from both ends; positions stay contiguous. */
export function logDifference(old: LogRowValues[], next: LogRowValues[]): LogDifference {
  // A row's IDs are read from its items cell: the same cell text names the same IDs (no join per row: a
  // thousand rows are compared on every tick).
  const same = (a: LogRowValues, b: LogRowValues) =>
    a.week === b.week && a.date === b.date && a.itemsRaw === b.itemsRaw && a.notes === b.notes;
  let head = 0;
  while (head < old.length && head < next.length && same(old[head], next[head])) head++;
  let tail = 0;
  while (
    tail < old.length - head &&
    tail < next.length - head &&
    same(old[old.length - 1 - tail], next[next.length - 1 - tail])
  )
    tail++;
  const oldEnd = old.length - tail;
  const newEnd = next.length - tail;
  if (oldEnd === head && newEnd === head) return { kind: 'none' };
  if (oldEnd - head === 1 && newEnd - head === 1) return { kind: 'one', position: head, row: next[head] };
  return { kind: 'many', head, oldEnd, newEnd, rows: next.slice(head, newEnd) };
}

export function logRows(model: PlanModel) {
  return (model.log?.weeks ?? []).flatMap((w) =>
    w.rows.map((r) => ({ week: w.title, date: r.date, itemsRaw: r.itemsRaw, ids: r.ids, notes: r.notes })),
  );
}
