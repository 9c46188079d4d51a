// mojibakeAfterEdits: the mojibake a tick keeps (model-after-edits.ts) instead of copying and searching the whole
// text again must be what findMojibake finds in the new text, runs joined or split by the edits included.
import fc from 'fast-check';
import { applyEdits, inverseEdits } from './edits';
import { findMojibake } from './encoding';
import { mojibakeAfterEdits, OffsetMap } from './model-after-edits';
import { PieceText } from './text-view';
import { editsOf } from '../../tests/helpers/edit-arbitraries';

// Whole damaged sequences (`✅`, `—`, `é` read as Windows-1252), their halves, clean text and line endings.
const PARTS = ['a', ' ', '\n', '\r\n', 'âœ…', 'â€”', 'Ã©', 'â', 'œ…', '€', '✅'];
const textArb = fc.array(fc.constantFrom(...PARTS), { maxLength: 40 }).map((parts) => parts.join(''));

it('finds the runs a search of the whole new text finds', () => {
  let changed = 0;
  fc.assert(
    fc.property(
      textArb.chain((text) =>
        fc.tuple(fc.constant(text), editsOf(text, ['', ...PARTS], { maxRemove: 4, minLength: 1 })),
      ),
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
