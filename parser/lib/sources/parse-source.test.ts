// looksLikeSource's guard (a line with "status" and a pipe after it) answers exactly what the line-anchored
// expression it replaced answered, on text made of the characters that matter: words, pipes, every line break.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUS_THEN_PIPE } from './parse-source';

const LINE_ANCHORED = /^[ \t]*\|?.*\bstatus\b.*\|.*$/im;

const piece = fc.constantFrom(
  'status',
  'Status',
  'STATUS',
  'statuses',
  'xstatus',
  '|',
  ' ',
  '\t',
  'a',
  '_',
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u2029',
  '-',
);

describe('the source guard', () => {
  it('matches where a line holds the word status with a pipe after it, as the line-anchored expression did', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (parts) => {
        const text = parts.join('');
        expect(STATUS_THEN_PIPE.test(text)).toBe(LINE_ANCHORED.test(text));
      }),
      { numRuns: 5000, seed: 15 },
    );
  });
});
