// mojibakeAfterEdits: the mojibake a tick keeps (model-after-edits.ts) instead of copying and searching the whole
// text again must be what findMojibake finds in the new text, runs joined or split by the edits included.
import fc from 'fast-check';
import { applyEdits, inverseEdits } from './edits';
import { findMojibake } from './encoding';
import { mojibakeAfterEdits, OffsetMap } from './model-after-edits';
import { PieceText } from './text-view';
import type { Edit } from './types';

// Whole damaged sequences (`✅`, `—`, `é` read as Windows-1252), their halves, clean text and line endings.
const PARTS = ['a', ' ', '\n', '\r\n', 'âœ…', 'â€”', 'Ã©', 'â', 'œ…', '€', '✅'];
const textArb = fc.array(fc.constantFrom(...PARTS), { maxLength: 40 }).map((parts) => parts.join(''));

/** Edits in order, not overlapping, inserting any of the parts (a half sequence may complete another). */
function editsArb(text: string): fc.Arbitrary<Edit[]> {
  return fc
    .array(fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 4 }), fc.constantFrom('', ...PARTS)), {
      minLength: 1,
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

it('finds the runs a search of the whole new text finds', () => {
  let changed = 0;
  fc.assert(
    fc.property(
      textArb.chain((text) => fc.tuple(fc.constant(text), editsArb(text))),
      ([text, edits]) => {
        const after = applyEdits(text, edits);
        const before = findMojibake(text);
        const kept = mojibakeAfterEdits(before, PieceText.of(text, edits), new OffsetMap(edits), inverseEdits(edits));
        const fresh = findMojibake(after);
        expect(kept).toEqual(fresh);
        if (JSON.stringify(before) !== JSON.stringify(fresh)) changed++;
      },
    ),
    { numRuns: 3000 },
  );
  expect(changed).toBeGreaterThan(1000); // most edits move, join, split, add or remove runs
});
