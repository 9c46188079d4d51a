// LineIndex.afterEdits: the index a tick keeps (model-after-edits.ts) instead of building it from the whole text
// again must place every offset of the new text where a fresh index does, or decline.
import fc from 'fast-check';
import { applyEdits } from './edits';
import type { Edit } from './types';
import { LineIndex } from './lines';

const textArb = fc
  .array(fc.constantFrom('a', 'b', ' ', '\n', '\r\n', '\r', '✅'), { maxLength: 60 })
  .map((parts) => parts.join(''));

/** Edits in order, not overlapping, with no line ending in what they remove or insert (or with one, at times). */
function editsArb(text: string): fc.Arbitrary<Edit[]> {
  return fc
    .array(fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 3 }), fc.constantFrom('', 'x', ' ✅', 'yz', '\n')), {
      maxLength: 4,
    })
    .map((raw) => {
      const edits: Edit[] = [];
      let from = 0;
      for (const [at, len, insert] of [...raw].sort((a, b) => a[0] - b[0])) {
        const start = Math.max(at, from);
        const end = Math.min(start + len, text.length);
        edits.push({ start, end, expect: text.slice(start, end), text: insert });
        from = end + 1;
      }
      return edits.filter((e) => e.start <= text.length);
    });
}

it('places every offset as a fresh index does, or declines', () => {
  let kept = 0;
  fc.assert(
    fc.property(
      textArb.chain((text) => fc.tuple(fc.constant(text), editsArb(text))),
      ([text, edits]) => {
        const after = applyEdits(text, edits);
        const moved = new LineIndex(text).afterEdits(after, edits);
        const lineEnding = edits.some((e) => /[\r\n]/.test(e.text + e.expect));
        if (lineEnding) expect(moved).toBeNull();
        if (!moved) return;
        kept++;
        const fresh = new LineIndex(after);
        for (let offset = 0; offset <= after.length; offset++) {
          expect(moved.position(offset)).toEqual(fresh.position(offset));
          expect(moved.lineEnd(offset)).toBe(fresh.lineEnd(offset));
        }
      },
    ),
    { numRuns: 3000 },
  );
  expect(kept).toBeGreaterThan(1000); // most edits keep the index
});
