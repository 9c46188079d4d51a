// Where each item of a model is, by key. A tick keeps its model's items array and every item's key
// (model-after-edits.ts; a parse or a structural change makes a new array), so the index is built once per array
// instead of the 10,000 items being scanned for one at every tick.
import type { Item } from './types';

const indexes = new WeakMap<readonly Item[], ReadonlyMap<string, number>>();

/** The position in `items` of each item, by key. */
export function itemIndex(items: readonly Item[]): ReadonlyMap<string, number> {
  let index = indexes.get(items);
  if (!index) {
    index = new Map(items.map((item, i) => [item.key, i]));
    indexes.set(items, index);
  }
  return index;
}
