// Numbered lists stay numbered (issue 11: new text follows its neighbours): after an item is added to, moved
// into or out of, or removed from a list whose items were numbered 1, 2, 3 … (from any start), the list's
// ordinals are written again in order. A list numbered otherwise (`1.` on every line, or by hand) is left as
// it is. Only the digits of the ordinals change; IDs are never renumbered.
import type { Edit, Item, PlanModel } from '../types';
import { bulletAt } from './blocks';

const ORDINAL = /^(\d+)[.)]$/;

/** The siblings of one list: items of a section (or phase) under the same parent, in document order. */
function listOf(model: PlanModel, sectionKey: string | null, phaseKey: string | null, parentKey: string | null) {
  return model.items.filter(
    (i) => i.sectionKey === sectionKey && i.phaseKey === phaseKey && i.parentKey === parentKey && !i.cell,
  );
}

const numbers = (list: Item[]) => list.map((i) => ORDINAL.exec(i.bullet)?.[1] ?? null);

/** Numbered 1, 2, 3 … from its first ordinal (an empty list counts: its first item starts at 1). */
function sequential(list: Item[]): boolean {
  const n = numbers(list);
  if (n.some((x) => x === null)) return false;
  return n.every((x, k) => Number(x) === Number(n[0]) + k);
}

/**
 * Edits that renumber the lists `places` names in `after`, for each list that was sequential in `before`
 * (or empty there) and is numbered but no longer counts from the same start.
 */
export function renumberEdits(
  before: PlanModel,
  after: PlanModel,
  text: string,
  places: { sectionKey: string | null; phaseKey: string | null; parentKey: string | null }[],
): Edit[] {
  const edits: Edit[] = [];
  const done = new Set<string>();
  for (const p of places) {
    const id = `${p.sectionKey}\u0000${p.phaseKey}\u0000${p.parentKey}`;
    if (done.has(id)) continue;
    done.add(id);
    const old = listOf(before, p.sectionKey, p.phaseKey, p.parentKey);
    const now = listOf(after, p.sectionKey, p.phaseKey, p.parentKey);
    if (!now.length || (old.length && !sequential(old))) continue;
    const n = numbers(now);
    if (n.some((x) => x === null)) continue;
    const start = old.length ? Number(numbers(old)[0]) : 1;
    if (n.every((x, k) => Number(x) === start + k)) continue;
    now.forEach((item, k) => {
      const want = String(start + k);
      if (n[k] === want) return;
      const at = bulletAt(text, item);
      edits.push({ start: at, end: at + n[k]!.length, expect: n[k]!, text: want });
    });
  }
  return edits;
}
