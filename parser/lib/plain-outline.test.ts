// plainOutline reads the outline of plain pieces without micromark; whatever it accepts must be exactly what
// micromark's tree gives (collectOutline), on every piece of every fixture, corpus file, generated plan and
// document built from lines that sit on the edge of the plain subset.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatePlan } from '../../tests/bench/generate-plan';
import { parseLean } from './blocks';
import { parseWithMicromark } from './pieces';
import { plainOutline } from './plain-outline';
import { splitPoints } from './split';

const fixtures = new URL('../../tests/fixtures/', import.meta.url);
const fixtureTexts = readdirSync(fixtures, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'corpus')
  .flatMap((d) =>
    readdirSync(new URL(`${d.name}/`, fixtures))
      .filter((f) => f.endsWith('.md'))
      .map((f) => readFileSync(new URL(`${d.name}/${f}`, fixtures), 'utf8')),
  );
const corpus = ['public-plans', 'dd-sdlc-ai'].flatMap((dir) =>
  readdirSync(new URL(`corpus/${dir}/`, fixtures)).map((f) =>
    readFileSync(new URL(`corpus/${dir}/${f}`, fixtures), 'utf8'),
  ),
);
const documents = [
  ...fixtureTexts,
  ...corpus,
  generatePlan({ items: 1500, seed: 7 }),
  generatePlan({ items: 60, seed: 4 }),
];

/** Checks one text; returns whether plainOutline took it. */
function agrees(text: string): boolean {
  const plain = plainOutline(text);
  if (plain) expect(plain, JSON.stringify(text)).toEqual(parseWithMicromark(text, parseLean));
  return plain !== null;
}

/** Every piece between split points `step` apart, so pieces start at each kind of split line. */
function pieces(text: string, step: number): string[] {
  const points = [0, ...splitPoints(text), text.length];
  const out: string[] = [];
  for (let i = 0; i + 1 < points.length; i++)
    out.push(text.slice(points[i], points[Math.min(i + step, points.length - 1)]));
  return out;
}

// Lines on both sides of the plain subset's edge: what it reads, and what it must leave to micromark.
const LINES = [
  '',
  '',
  '',
  '  ',
  '# Title',
  '## Phase 1: HIGH Priority Items (3 items)',
  '### 1.1 Section ###',
  '#',
  '#no-space',
  '####### seven',
  '  ## indented heading',
  '---',
  '***',
  '___',
  '- - -',
  '--',
  '-',
  '===',
  'Setext',
  '- [ ] **CACHE-001**: Thunder Herd - locking ✅',
  '- [x] **CACHE-002**: done ✅ 2025-06-18',
  '* [/] CACHE-003: star',
  '+ [~] plus',
  '- plain item',
  '-  two spaces',
  '- ',
  '- # heading item',
  '- > quote item',
  '- 1. ordered in item',
  '- - nested at once',
  '- `code` item',
  '- [ref]: http://x.y',
  '  - [ ] nested two',
  '  * [ ] nested star',
  '    - [x] nested four',
  '   - [ ] nested three',
  '      - [ ] six spaces',
  '  continuation or description',
  '    deeper text',
  '        code-deep text',
  ' one space',
  'lazy continuation',
  '**Last Updated**: January 4, 2026',
  '**',
  '__init__',
  '1. numbered',
  '1.5 GB',
  '> quote',
  '<!-- c -->',
  '```',
  '```markdown',
  '  ```',
  '````',
  '``` x ```',
  '~~~',
  '| Phase | Total | Done |',
  '|---|---|---|',
  '|:--|--:|:-:|',
  '| Phase 1 | 3 | 1 |',
  '| a |',
  '|-|',
  '||',
  '| x | y',
  'a | b',
  '--|--',
  ': colon',
  '[^1]: note',
  'trailing space ',
  'text \\',
];

const line = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...LINES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const plainish = fc.array(line, { maxLength: 30 }).map((lines) => lines.join('\n') + '\n');

describe('plainOutline', () => {
  it('equals the micromark outline on every piece of every fixture, corpus file and generated plan', () => {
    let taken = 0;
    let seen = 0;
    for (const text of documents) {
      for (const step of [1, 3]) {
        for (const piece of pieces(text, step)) {
          seen++;
          if (agrees(piece)) taken++;
        }
      }
      agrees(text);
    }
    // Most pieces of real plans are plain: the fast path is the common one, not a curiosity.
    expect(taken / seen).toBeGreaterThan(0.5);
  }, 300_000);

  it('equals the micromark outline on documents from lines at the edge of the plain subset', () => {
    let taken = 0;
    fc.assert(
      fc.property(plainish, (text) => {
        if (agrees(text)) taken++;
      }),
      { numRuns: 4000, seed: 20261201 },
    );
    expect(taken).toBeGreaterThan(400);
  }, 300_000);
});
