import fc from 'fast-check';
import { applyEdits, checkedEdits } from './edits';
import { PieceText, piecesOf, type TextView } from './text-view';
import type { Edit } from './types';

const ALPHABET = ['a', 'b', '\n', '\r', '|', ' ', 'é', '✅', '𝒳'];
const word = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 6 }).map((cs) => cs.join(''));

/** Edits against `text`, ascending and apart, as a planner makes them. */
function editsFor(text: string, cuts: number[], words: string[]): Edit[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const edits: Edit[] = [];
  for (let k = 0; k + 1 < at.length; k += 2) {
    edits.push({ start: at[k], end: at[k + 1], expect: text.slice(at[k], at[k + 1]), text: words[k % words.length] });
  }
  return edits;
}

/** Every reading the planners make, at every offset (and a little beyond both ends). */
function expectSameReadings(view: TextView, text: string, searches: string[]): void {
  expect(view.length).toBe(text.length);
  expect(view.toString()).toBe(text);
  for (let i = -2; i <= text.length + 2; i++) {
    expect(view.charAt(i)).toBe(text.charAt(i));
    expect(view.charCodeAt(i)).toEqual(text.charCodeAt(i));
    expect(view.slice(i)).toBe(text.slice(i));
    expect(view.slice(i, i + 3)).toBe(text.slice(i, i + 3));
    expect(view.slice(0, i)).toBe(text.slice(0, i));
    for (const s of searches) {
      expect(view.indexOf(s, i), `indexOf(${JSON.stringify(s)}, ${i})`).toBe(text.indexOf(s, i));
      expect(view.lastIndexOf(s, i), `lastIndexOf(${JSON.stringify(s)}, ${i})`).toBe(text.lastIndexOf(s, i));
      expect(view.startsWith(s, i)).toBe(text.startsWith(s, i));
    }
  }
  for (const s of searches) {
    expect(view.indexOf(s)).toBe(text.indexOf(s));
    expect(view.lastIndexOf(s)).toBe(text.lastIndexOf(s));
  }
  const runs = piecesOf(view, 1, text.length - 1);
  expect(runs.join('')).toBe(text.slice(1, text.length - 1));
}

describe('PieceText', () => {
  it('reads like the string applyEdits builds, over rounds of edits laid on each other', () => {
    fc.assert(
      fc.property(
        word.filter((w) => w.length > 0),
        fc.array(fc.record({ cuts: fc.array(fc.nat(), { maxLength: 8 }), words: fc.array(word, { minLength: 1 }) }), {
          maxLength: 5,
        }),
        fc.array(
          word.filter((w) => w.length > 0),
          { maxLength: 3 },
        ),
        (start, rounds, searches) => {
          let text = start.repeat(3);
          let view: TextView = text;
          for (const { cuts, words } of rounds) {
            const edits = editsFor(text, cuts, words);
            view = PieceText.of(view, checkedEdits(view, edits));
            text = applyEdits(text, edits);
            expectSameReadings(view, text, [...searches, '\n', '\r\n', 'a', '✅']);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a search that straddles pieces, first and last, and none across a gap', () => {
    let view: TextView = 'xx ab';
    view = PieceText.of(view, [{ start: 5, end: 5, expect: '', text: 'c ab' }]);
    view = PieceText.of(view, [{ start: 9, end: 9, expect: '', text: 'c' }]);
    expect(view.toString()).toBe('xx abc abc');
    expect(piecesOf(view, 0, view.length)).toEqual(['xx ab', 'c ab', 'c']);
    expect(view.indexOf('abc')).toBe(3);
    expect(view.lastIndexOf('abc')).toBe(7);
    expect(view.lastIndexOf('abc', 6)).toBe(3);
    expect(view.indexOf('abc', 4)).toBe(7);
    expect(view.indexOf('bca')).toBe(-1);
  });

  it('becomes one string again once it holds many pieces', () => {
    let text = 'a'.repeat(2000);
    let view: TextView = text;
    for (let n = 0; n < 200; n++) {
      const edits: Edit[] = [{ start: n * 7, end: n * 7 + 1, expect: text[n * 7], text: 'b' }];
      view = PieceText.of(view, edits);
      text = applyEdits(text, edits);
    }
    expect(view.toString()).toBe(text);
    expect(piecesOf(view, 0, view.length).length).toBeLessThanOrEqual(256);
  });
});
