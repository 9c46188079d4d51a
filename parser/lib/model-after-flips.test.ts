// A re-sync's model after checkbox flips made in an editor (parser/lib/model-after-flips.ts): exactly the
// model of a fresh parse, for random flips of items of every fixture and corpus file, and no model at all
// (null, the old model untouched) for any other edit.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../index';
import { modelAfterFlips, modelAfterFlipsAt, type PatchedText } from './model-after-flips';
import { generatePlan } from '../../tests/bench/generate-plan';

const FIXTURES = join(import.meta.dirname, '../../tests/fixtures');

function mdFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return mdFiles(p);
    return name.endsWith('.md') ? [p] : [];
  });
}

const seed = readFileSync(join(FIXTURES, 'seed/input.md'), 'utf8');
/** Each document with its items (a task-table row's status is no checkbox: a flip there must be declined). */
const documents = [
  ...mdFiles(FIXTURES).map((p) => readFileSync(p, 'utf8')),
  '\uFEFF' + seed.replace(/\n/g, '\r\n'),
  generatePlan({ items: 400, seed: 5 }),
]
  .map((text) => ({ text, items: parsePlan(text).items }))
  .filter((doc) => doc.items.length > 0);

const MARKS = [' ', 'x', 'X', '/', '~', '-'];

/** The text with the status characters of the picked items set to the picked characters. */
function flipped(doc: (typeof documents)[number], picks: [number, number][]): string {
  let out = doc.text;
  for (const [which, mark] of picks) {
    const at = doc.items[which % doc.items.length].statusSpan.start;
    out = out.slice(0, at) + MARKS[mark % MARKS.length] + out.slice(at + 1);
  }
  return out;
}

describe('model after checkbox flips', () => {
  it('equals a fresh parse of the flipped text, or is null and leaves the model alone', () => {
    let flips = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...documents),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
        (doc, picks) => {
          const after = flipped(doc, picks);
          const model = parsePlan(doc.text);
          const statusesBefore = model.items.map((item) => item.status);
          const result = modelAfterFlips(doc.text, model, after);
          if (!result) {
            expect(model).toEqual(parsePlan(doc.text));
            return;
          }
          flips++;
          const fresh = parsePlan(after, { reuse: false });
          expect(result.model).toEqual(fresh);
          const changed = fresh.items.filter((item, i) => item.status !== statusesBefore[i]);
          expect([...result.changedKeys].sort()).toEqual(changed.map((item) => item.key).sort());
        },
      ),
      { numRuns: 120, seed: 20261201 },
    );
    expect(flips).toBeGreaterThan(60); // most picks change a status: the update path is what is tested
  }, 300_000);

  it('stays equal to a fresh parse over a run of flips on one model, its structure untouched', () => {
    // One model updated flip after flip, as a re-sync keeps it (decision 057): nothing moves, so the line index
    // of the first check is reused by every later one, and the phases, sections and log — what the database's
    // structure rows are written from — stay exactly as they were.
    for (const text of [generatePlan({ items: 300, seed: 11 }), '\uFEFF' + seed.replace(/\n/g, '\r\n')]) {
      let before = text;
      const model = parsePlan(text);
      const structure = structuredClone({ phases: model.phases, sections: model.sections, log: model.log });
      const boxes = model.items.filter((item) => !item.cell).map((item) => item.statusSpan.start);
      let updated = 0;
      for (let i = 0; i < 24; i++) {
        const at = boxes[(i * 7919) % boxes.length];
        const after = before.slice(0, at) + (before[at] === ' ' ? 'x' : ' ') + before.slice(at + 1);
        const result = modelAfterFlips(before, model, after);
        if (!result) continue;
        updated++;
        expect(result.model).toBe(model);
        expect(model).toEqual(parsePlan(after, { reuse: false }));
        expect({ phases: model.phases, sections: model.sections, log: model.log }).toEqual(structure);
        before = after;
      }
      expect(updated).toBeGreaterThan(18);
      // Diagnostics with positions are part of what was compared.
      expect(model.diagnostics.some((d) => d.code === 'count-mismatch' || d.code === 'done-not-logged')).toBe(true);
    }
  }, 120_000);

  it('from a patched text (flips read from the bytes) equals a fresh parse over a run of flips', () => {
    // Decision 057: the text is the first one with the flipped characters patched in, never rebuilt.
    const original = generatePlan({ items: 300, seed: 12 }).replace(/\n/g, ' 🚀\n');
    let text: PatchedText = { base: original, chars: new Map() };
    let after = original;
    const model = parsePlan(original);
    const boxes = model.items.filter((item) => !item.cell).map((item) => item.statusSpan.start);
    let updated = 0;
    for (let i = 0; i < 16; i++) {
      const flips = new Map<number, string>();
      for (const k of [i * 31, i * 31 + 7].slice(0, 1 + (i % 2))) {
        const at = boxes[(k * 7919) % boxes.length];
        flips.set(at, after[at] === ' ' ? 'x' : ' ');
      }
      const result = modelAfterFlipsAt(text, model, flips);
      if (!result) continue;
      updated++;
      for (const [at, char] of flips) after = after.slice(0, at) + char + after.slice(at + 1);
      expect(model).toEqual(parsePlan(after, { reuse: false }));
      text = result.text;
      expect([...text.chars].every(([at, char]) => after[at] === char && original[at] !== char)).toBe(true);
    }
    expect(updated).toBeGreaterThan(12);
    // Not a checkbox, the Last Updated line: declined, the model untouched.
    const title = after.indexOf('**', boxes[3]) + 2;
    expect(modelAfterFlipsAt(text, model, new Map([[title, 'Z']]))).toBeNull();
    if (model.lastUpdated)
      expect(modelAfterFlipsAt(text, model, new Map([[model.lastUpdated.span.start, '9']]))).toBeNull();
    expect(model).toEqual(parsePlan(after, { reuse: false }));
  }, 120_000);

  it('updates the model for a status flip and declines everything else', () => {
    const text = generatePlan({ items: 300, seed: 9 });
    const at = text.indexOf('- [ ] **') + 3;
    const edit = (offset: number, replacement: string, length = 1) =>
      text.slice(0, offset) + replacement + text.slice(offset + length);
    expect(modelAfterFlips(text, parsePlan(text), edit(at, 'x'))?.changedKeys.size).toBe(1);
    // Not a status character, the same status, text moved, a title letter changed, nothing changed.
    for (const after of [edit(at, '?'), edit(at, ' '), edit(at, 'x '), edit(at + 5, 'Z'), text]) {
      const model = parsePlan(text);
      expect(modelAfterFlips(text, model, after)).toBeNull();
      expect(model).toEqual(parsePlan(text, { reuse: false }));
    }
  });

  it('declines a task-table status written as one character', () => {
    const text = '# Plan\n\n| ID | Task | Status |\n|----|------|--------|\n| T1 | Ship | ✅ |\n';
    const at = text.indexOf('✅');
    expect(parsePlan(text).items[0].statusSpan).toEqual({ start: at, end: at + 1 });
    expect(modelAfterFlips(text, parsePlan(text), text.slice(0, at) + '/' + text.slice(at + 1))).toBeNull();
  });
});
