// What a structure change on its way to the server looks like on the page before the answer (issue 11:
// optimistic with rollback, like the status control). Only what the page can know without planning the
// change: statuses, titles and descriptions, the order within a section, a removal. Where a moved item lands
// in another section, or which ID an add gets, is the planner's (decision 012): such rows are only marked
// pending. Once the fetcher is idle the loader's rows show again: the server's state, so a refusal rolls back.

export interface PendingStructure {
  intent: string;
  /** The form's single-valued fields (title, to, key …). */
  values: Record<string, string>;
  /** The selection of a bulk form. */
  keys: string[];
}

/** The structure change a submission carries, or null when it is none (or nothing is being sent). */
export function pendingStructure(formData: FormData | undefined | null): PendingStructure | null {
  if (!formData) return null;
  const intent = formData.get('intent');
  if (typeof intent !== 'string') return null;
  const values: Record<string, string> = {};
  for (const [k, v] of formData.entries()) if (typeof v === 'string' && k !== 'keys') values[k] = v;
  const keys = formData.getAll('keys').filter((v): v is string => typeof v === 'string');
  return { intent, values, keys };
}

export interface OptimisticRow {
  key: string;
  status: string;
  title: string;
  description: string;
  /** The row's section (any value that tells sections apart). */
  sectionKey?: string | null;
  /** How deep the row sits under the rows above it (0 or absent: top level). */
  depth?: number;
}

/** Why a row shows other than the loader says: `moving` / `removing` / `saving`. */
export type Pending = 'moving' | 'removing' | 'saving';

/** The rows as they will be once the pending change is written (as far as the page can tell). */
export function optimisticRows<T extends OptimisticRow>(
  rows: T[],
  pending: PendingStructure | null,
): (T & { pending?: Pending })[] {
  if (!pending) return rows;
  const { intent, values, keys } = pending;
  switch (intent) {
    case 'bulk-status': {
      const chosen = new Set(keys);
      return rows.map((r) => (chosen.has(r.key) ? { ...r, status: values.status ?? r.status, pending: 'saving' } : r));
    }
    case 'bulk-move': {
      const chosen = new Set(keys);
      return rows.map((r) => (chosen.has(r.key) ? { ...r, pending: 'moving' } : r));
    }
    case 'edit-item':
      return rows.map((r) =>
        r.key === values.key
          ? {
              ...r,
              title: values.title ?? r.title,
              description: values.description ?? r.description,
              pending: 'saving',
            }
          : r,
      );
    case 'move-item':
      return rows.map((r) => (r.key === values.key ? { ...r, pending: 'moving' } : r));
    case 'remove-item':
      return removeBlock(rows, values.key);
    case 'move-up':
    case 'move-down':
      return swapBlocks(rows, values.key, intent === 'move-up' ? -1 : 1);
    default:
      return rows;
  }
}

/** The row and the rows nested under it (those below it that sit deeper), as [start, end). */
function blockAt(rows: OptimisticRow[], start: number): [number, number] {
  const depth = rows[start].depth ?? 0;
  let end = start + 1;
  while (end < rows.length && (rows[end].depth ?? 0) > depth) end++;
  return [start, end];
}

function removeBlock<T extends OptimisticRow>(rows: T[], key: string | undefined): T[] {
  const at = rows.findIndex((r) => r.key === key);
  if (at < 0) return rows;
  const [start, end] = blockAt(rows, at);
  return [...rows.slice(0, start), ...rows.slice(end)];
}

/** Swaps the item's block with its neighbour's among the shown rows (same section, same depth); an item
 * already first or last stays put (the server refuses that move and says so). */
function swapBlocks<T extends OptimisticRow>(
  rows: T[],
  key: string | undefined,
  way: -1 | 1,
): (T & { pending?: Pending })[] {
  const at = rows.findIndex((r) => r.key === key);
  if (at < 0) return rows;
  const depth = rows[at].depth ?? 0;
  const sibling = (i: number) => (rows[i].depth ?? 0) === depth && rows[i].sectionKey === rows[at].sectionKey;
  const [start, end] = blockAt(rows, at);
  const moved = rows.slice(start, end).map((r, i) => (i === 0 ? { ...r, pending: 'moving' as const } : r));
  if (way === 1) {
    if (end >= rows.length || !sibling(end)) return rows;
    const [, nextEnd] = blockAt(rows, end);
    return [...rows.slice(0, start), ...rows.slice(end, nextEnd), ...moved, ...rows.slice(nextEnd)];
  }
  let before = start - 1;
  while (before >= 0 && (rows[before].depth ?? 0) > depth) before--;
  if (before < 0 || !sibling(before)) return rows;
  return [...rows.slice(0, before), ...moved, ...rows.slice(before, start), ...rows.slice(end)];
}
