// Random edits of a text for property tests: in order, not overlapping, each removing up to `maxRemove`
// characters and inserting one of `inserts`; and the element a random number picks from a list known only when a
// step runs.
import fc from 'fast-check';
import type { Edit } from '../../parser/index';

export function editsOf(
  text: string,
  inserts: readonly string[],
  { maxRemove = 3, minLength = 0 }: { maxRemove?: number; minLength?: number } = {},
): fc.Arbitrary<Edit[]> {
  return fc
    .array(fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: maxRemove }), fc.constantFrom(...inserts)), {
      minLength,
      maxLength: 4,
    })
    .map((raw) => {
      const edits: Edit[] = [];
      let from = 0;
      for (const [at, len, insert] of [...raw].sort((a, b) => a[0] - b[0])) {
        const start = Math.max(at, from);
        if (start > text.length) break;
        const end = Math.min(start + len, text.length);
        edits.push({ start, end, expect: text.slice(start, end), text: insert });
        from = end + 1;
      }
      return edits;
    });
}

/** The element of `list` that the random number `n` picks (any natural number), undefined for an empty list. */
export function pick<T>(list: readonly T[], n: number): T | undefined {
  return list.length ? list[n % list.length] : undefined;
}
