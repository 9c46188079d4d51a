// Re-parsing after an edit reuses the pieces whose text did not change (parser/lib/pieces.ts): the model is
// exactly the one a fresh parse gives, for any edit, and only the pieces around the edit are parsed again.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../index';
import { parsedCharacters } from './pieces';
import { generatePlan } from '../../tests/bench/generate-plan';

const fixtures = new URL('../../tests/fixtures/', import.meta.url);
const corpus = ['public-plans', 'dd-sdlc-ai'].flatMap((dir) =>
  readdirSync(new URL(`corpus/${dir}/`, fixtures)).map((f) =>
    readFileSync(new URL(`corpus/${dir}/${f}`, fixtures), 'utf8'),
  ),
);
const documents = [
  readFileSync(new URL('seed/input.md', fixtures), 'utf8'),
  ...corpus,
  generatePlan({ items: 1500, seed: 7 }),
];

/** Text an edit may put in: markdown that changes block structure as well as plain words. */
const INSERTS = [
  'x',
  ' ',
  '\n',
  '\n\n',
  '- [ ] **NEW-001**: new task\n',
  '## Phase 9: Later\n\n',
  '```\n',
  '<!--\n',
  '| a | b |\n',
  '\r\n',
  '  - [x] nested\n',
];

/** Parses `before` (so its pieces are remembered), then `after`: the reused model must equal a fresh one. */
function reparsedEqualsFresh(before: string, after: string): void {
  parsePlan(before);
  expect(parsePlan(after)).toEqual(parsePlan(after, { reuse: false }));
}

describe('re-parse after an edit', () => {
  it('gives the model of a fresh parse, for random edits of every fixture', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...documents),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom(...INSERTS),
        (text, where, deleted, inserted) => {
          const at = Math.floor(where * text.length);
          reparsedEqualsFresh(text, text.slice(0, at) + inserted + text.slice(at + deleted));
        },
      ),
      { numRuns: 150, seed: 20261126 },
    );
    // 450 parses, a 1,500-item plan among them: over a minute on a shared, loaded 2-core machine.
  }, 300_000);

  it('parses again only the pieces around the edit', () => {
    const text = generatePlan({ items: 3000, seed: 3 });
    parsePlan(text);
    const middle = text.indexOf('- [ ] **', text.length / 2);
    const edits = [
      text.slice(0, middle + 3) + 'x' + text.slice(middle + 4), // tick a box
      text.slice(0, middle) + '- [ ] **NEW-001**: a task added in an editor\n' + text.slice(middle), // add a line
      text.slice(0, middle) + text.slice(middle + 300), // delete a few lines
    ];
    for (const edited of edits) {
      const before = parsedCharacters();
      const model = parsePlan(edited);
      const parsed = parsedCharacters() - before;
      // One or two pieces (a few KB each) of a document of ~290 KB.
      expect(parsed).toBeGreaterThan(0);
      expect(parsed).toBeLessThan(20_000);
      expect(model).toEqual(parsePlan(edited, { reuse: false }));
    }
    // And a cold parse parses everything.
    const before = parsedCharacters();
    parsePlan(text, { reuse: false });
    expect(parsedCharacters() - before).toBe(text.length);
  });
});
