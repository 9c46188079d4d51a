// Property tests: thousands of generated and mutated documents. parsePlan never throws, every offset
// points at its text, and the fast strategy (lean parser, split pieces — here cut at every possible point)
// gives exactly the model of one whole-document parse with every construct enabled.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../../parser';
import { generatePlan } from '../../bench/generate-plan';
import { offsetViolations } from '../../helpers/parser-invariants';

/** The three models that must agree: default pieces, pieces cut at every split point, whole document. */
function checkDocument(source: string): void {
  const fast = parsePlan(source);
  const violations = offsetViolations(source, fast);
  if (violations.length) throw new Error(`offsets wrong in ${JSON.stringify(source)}:\n${violations.join('\n')}`);
  const whole = parsePlan(source, { strategy: 'whole' });
  expect(parsePlan(source, { minPiece: 1 })).toEqual(whole);
  expect(fast).toEqual(whole);
}

// Lines chosen to stress block boundaries: headings after blank lines (split points) next to constructs
// that run through them — unclosed fences, HTML blocks of every kind, lazy lines, tables, quotes, lists.
const LINES = [
  '',
  '',
  '',
  '  ',
  '\t',
  '# Title',
  '## Phase 1: HIGH Priority Items (3 items)',
  '## Phase 2: Later ✅ COMPLETE',
  '### 1.1 Section',
  '### 1.1 Again',
  '#### Tasks:',
  '## Progress Log',
  '### Week 1',
  '#',
  '#no-space',
  'Setext',
  '===',
  '---',
  '***',
  '- [ ] **CACHE-001**: Thunder Herd - locking ✅',
  '- [x] **CACHE-002**: done ✅ 2025-06-18',
  '- [X] T001 upper',
  '* [/] CACHE-003: slash',
  '+ [~] **[MET-AHA-001]**: tilde',
  '- [-] cancelled thing',
  '- [ ]* 1.2 optional',
  '1. [x] numbered',
  '2) [ ] paren',
  '  - [ ] nested two',
  '    - [x] nested four',
  '\t- [ ] tab nested',
  '      - [ ] six spaces',
  '- [ ]',
  '- [x]   ',
  '- []  broken',
  '- **NOBOX-001**: no box',
  '- plain item',
  '  continuation line',
  'lazy continuation',
  '> - [ ] quoted task',
  '> quote',
  '>',
  '```',
  '```md',
  '~~~',
  '````',
  '    - [ ] indented code',
  '<!--',
  '-->',
  '<!-- one line -->',
  '<div>',
  '</div>',
  '<script>',
  '</script>',
  '<pre>',
  '</pre>',
  '<?php',
  '?>',
  '<!DOCTYPE html>',
  '<![CDATA[',
  ']]>',
  '<textarea>',
  '| Phase | Total Items | Completed | In Progress | Remaining |',
  '|---|---|---|---|---|',
  '| Phase 1 (HIGH) | 3 | 1 | 1 | 1 |',
  '| **TOTAL** | **3** | **1** | 0 | 1 |',
  '| Date | Items Completed | Notes |',
  '| 2026-01-02 | CACHE-001 to CACHE-003 | n |',
  '| 2026-02-30 | SEC-001/002, DB-001–DB-003 | bad date |',
  '| [ ] cell task | x |',
  'a | b',
  '[ref]: http://x.y',
  '[^1]: footnote',
  '    - [ ] in footnote?',
  '**Last Updated**: January 4, 2026',
  '**Progress**: 33% complete',
  'âœ… mojibake ðŸŽ‰',
  'Ã©tÃ©',
  'text with \\| escaped pipe',
  '---',
  '+++',
  'title: x',
];

const line = fc.oneof(
  fc.constantFrom(...LINES),
  fc.string({ maxLength: 12 }),
  fc
    .constantFrom('- [x] ', '- [ ] ', '### ', '```', '<!--')
    .chain((p) => fc.string({ maxLength: 10 }).map((s) => p + s)),
);
const eol = fc.constantFrom('\n', '\r\n', '\r');
const document = fc
  .tuple(fc.array(line, { maxLength: 40 }), eol, fc.boolean(), fc.boolean())
  .map(
    ([lines, nl, bom, mixed]) =>
      (bom ? '\uFEFF' : '') + lines.map((l, i) => l + (mixed && i % 3 === 0 ? '\n' : nl)).join(''),
  );

const fixtures = new URL('../../fixtures/', import.meta.url);
const corpus = [
  readFileSync(new URL('seed/input.md', fixtures), 'utf8'),
  ...['public-plans', 'dd-sdlc-ai'].flatMap((d) =>
    readdirSync(new URL(`corpus/${d}/`, fixtures)).map((f) =>
      readFileSync(new URL(`corpus/${d}/${f}`, fixtures), 'utf8'),
    ),
  ),
];

/** A real document with a few random edits: deletions, insertions of stress lines, line swaps. */
const mutated = fc
  .tuple(
    fc.constantFrom(...corpus),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat({ max: 400 }),
        fc.oneof(
          fc.constant(''),
          fc.constantFrom(...LINES).map((l) => `\n${l}\n`),
          fc.string({ maxLength: 8 }),
        ),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([whole, edits]) => {
    // A window of up to 3,000 characters keeps each case quick; the edits make it ragged anyway.
    const from = edits[0][0] % Math.max(1, whole.length - 3000);
    let out = whole.slice(from, from + 3000);
    for (const [at, len, insert] of edits) {
      const start = at % (out.length + 1);
      out = out.slice(0, start) + insert + out.slice(Math.min(out.length, start + len));
    }
    return out;
  });

describe('parsePlan on generated documents', () => {
  it('never throws, keeps offsets true, and fast equals whole (grammar documents)', () => {
    fc.assert(
      fc.property(document, (source) => checkDocument(source)),
      { numRuns: 1500, seed: 20261126 },
    );
  }, 600_000);

  it('never throws, keeps offsets true, and fast equals whole (mutated real documents)', () => {
    fc.assert(
      fc.property(mutated, (source) => checkDocument(source)),
      { numRuns: 400, seed: 42 },
    );
  }, 600_000);

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (source) => {
        const model = parsePlan(source);
        expect(offsetViolations(source, model)).toEqual([]);
      }),
      { numRuns: 1000, seed: 7 },
    );
  }, 600_000);

  it('agrees with a whole-document parse on generated plans of every size', () => {
    for (const [items, seed] of [
      [0, 1],
      [1, 2],
      [7, 3],
      [60, 4],
      [250, 5],
      [1200, 6],
    ]) {
      const source = generatePlan({ items, seed });
      const model = parsePlan(source);
      expect(offsetViolations(source, model)).toEqual([]);
      expect(parsePlan(source, { strategy: 'whole' })).toEqual(model);
      expect(model.items.filter((i) => i.id !== null).length).toBeLessThanOrEqual(items);
    }
  }, 600_000);
});

describe('split points', () => {
  it('a fence left open swallows every later heading, in both strategies', () => {
    const source = '# T\n\n- [ ] A-001 a\n\n```\n\n## Phase 1: hidden\n\n- [ ] B-001 b\n';
    const model = parsePlan(source, { minPiece: 1 });
    expect(model.items.map((i) => i.id)).toEqual(['A-001']);
    expect(model.phases).toEqual([]);
    expect(model).toEqual(parsePlan(source, { strategy: 'whole' }));
  });

  it('an HTML comment spanning headings hides them; a closed one does not', () => {
    const open = '# T\n\n<!--\n\n## Phase 1: x\n\n- [ ] A-001 a\n\n-->\n\n## Phase 2: y\n\n- [ ] B-001 b\n';
    const model = parsePlan(open, { minPiece: 1 });
    expect(model.items.map((i) => i.id)).toEqual(['B-001']);
    expect(model.phases.map((p) => p.number)).toEqual([2]);
    expect(model).toEqual(parsePlan(open, { strategy: 'whole' }));
  });
});

describe('long lines', () => {
  // Regular expressions with adjacent quantifiers over the same characters backtrack quadratically on
  // long runs; these documents hung the parser before its patterns were rewritten. No timing is asserted:
  // a regression shows up as this test running into its timeout.
  const N = 20_000;
  const sp = ' '.repeat(N);
  const cases: Record<string, string> = {
    'item text with a long gap': `- [x] A-001 a ✅${sp}x\n`,
    'item text ending in many checks': `- [x] A-001 a${' ✅'.repeat(N / 2)}\n`,
    'item text of many dashes': `- [x] a${' - '.repeat(N / 3)}b\n`,
    'heading with spaces before #': `# a${sp}#${sp}x\n`,
    'phase heading with a long parenthesis': `## Phase 1 (${' 1'.repeat(N / 2)} x\n\n- [ ] a\n`,
    'setext phase heading': `Phase 1${sp}\n${sp}\n===\n\n- [ ] a\n`,
    'fact with long blanks': `**Key**:${sp}x${sp}\n`,
    'log cell of many IDs': `## Progress Log\n\n| Date | Items | Notes |\n|---|---|---|\n| 2026-01-01 | ${'A-001 '.repeat(N / 6)}to | x |\n`,
  };
  it.each(Object.keys(cases))(
    '%s',
    (name) => {
      const source = cases[name];
      const model = parsePlan(source);
      expect(offsetViolations(source, model)).toEqual([]);
    },
    60_000,
  );
});
