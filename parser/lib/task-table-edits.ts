// Write-back for task-table rows: exactly the status cell's text changes, in the document's own vocabulary
// (`[x]` ⇄ `[ ]`, `✅ DONE` ⇄ `⬜ TODO`). In an aligned table the cell keeps the column's width where the new
// spelling fits (spaces added or taken before the closing pipe, never fewer than one), so its pipe stays
// where it stands and no other row is touched; an unaligned table keeps the cell's padding as it is.
// Tables carry no trailing ✅: the status cell says it.

import type { Edit, Item, PlanModel, Status, StatusCell } from './types';
import { DEFAULT_STATUS_WORDS, displayWidth } from './status-words';

/** `marker`: the checkbox character the document writes for `status` (edits.ts markerFor). */
export function cellStatusEdits(
  model: PlanModel,
  item: Item,
  cell: StatusCell,
  status: Status,
  marker: string,
): Edit[] {
  const { start, end } = item.statusSpan;
  if (cell.kind === 'checkbox') return [{ start, end, expect: item.marker, text: marker }];
  const text = cellStatusText(model, status);
  const edits: Edit[] = [{ start, end, expect: item.marker, text }];
  if (cell.width === null || cell.trail < 1) return edits;
  const trail = Math.max(1, cell.width - cell.lead - displayWidth(text));
  // The padding edit stands apart from the status text (after its first space), so the status span maps
  // cleanly onto the new text.
  const pipe = end + cell.trail;
  if (trail > cell.trail) edits.push({ start: pipe, end: pipe, expect: '', text: ' '.repeat(trail - cell.trail) });
  if (trail < cell.trail)
    edits.push({ start: pipe - (cell.trail - trail), end: pipe, expect: ' '.repeat(cell.trail - trail), text: '' });
  return edits;
}

/** How the document spells a status in a status-word cell: its legend's or rows' spelling, else the default. */
export function cellStatusText(model: PlanModel, status: Status): string {
  return model.conventions.statusWords?.[status] ?? DEFAULT_STATUS_WORDS[status];
}
