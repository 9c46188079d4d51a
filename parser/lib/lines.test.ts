// LineIndex.afterEdits: the index a tick keeps (model-after-edits.ts) instead of building it from the whole text
// again must place every offset of the new text where a fresh index does, or decline.
import fc from 'fast-check';
import { applyEdits } from './edits';
import { editsOf } from '../../tests/helpers/edit-arbitraries';
import { LineIndex } from './lines';

const textArb = fc
  .array(fc.constantFrom('a', 'b', ' ', '\n', '\r\n', '\r', '✅'), { maxLength: 60 })
  .map((parts) => parts.join(''));

it('places every offset as a fresh index does, or declines', () => {
  let kept = 0;
  fc.assert(
    fc.property(
      textArb.chain((text) => fc.tuple(fc.constant(text), editsOf(text, ['', 'x', ' ✅', 'yz', '\n']))),
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
