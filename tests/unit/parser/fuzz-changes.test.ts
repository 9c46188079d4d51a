// Random changes on generated and mutated plans (issue 14): a status change through planEdits (with the
// bookkeeping) never throws, lands exactly where it claims (every edit's `expect` is the text it replaces), the
// result re-parses with true offsets and the item in its new status; the item's own edit, undone, changes only
// the item's line, and exactly nothing the second time. TICKMARK_FUZZ_RUNS sets the number of documents
// (`npm run fuzz`: 100,000, hours); the unit run does 60.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { applyEdits, bookkeepingPlanner, parsePlan, planEdits, STATUSES, type Status } from '../../../parser/index';
import { generatePlan } from '../../bench/generate-plan';
import { offsetViolations } from '../../helpers/parser-invariants';

const RUNS = Number(process.env.TICKMARK_FUZZ_RUNS ?? 60);
const SEED = Number(process.env.TICKMARK_FUZZ_SEED ?? 1414);

const fixtures = new URL('../../fixtures/', import.meta.url);
const corpus = [
  readFileSync(new URL('seed/input.md', fixtures), 'utf8'),
  ...['public-plans', 'dd-sdlc-ai'].flatMap((d) =>
    readdirSync(new URL(`corpus/${d}/`, fixtures)).map((f) =>
      readFileSync(new URL(`corpus/${d}/${f}`, fixtures), 'utf8'),
    ),
  ),
];

const NOISE = [
  '',
  '\n',
  '- [ ] **NEW-001**: added\n',
  '> - [x] quoted\n',
  '```\n',
  '| a | b |\n',
  '\r\n',
  '### Week 9\n',
];

/** A generated plan or a real one, with a few random splices (deletions, insertions of noise). */
const documents = fc
  .tuple(
    fc.oneof(
      fc.record({ items: fc.nat({ max: 80 }), seed: fc.nat() }).map((o) => generatePlan(o)),
      fc.constantFrom(...corpus),
    ),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 200 }), fc.constantFrom(...NOISE)), { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([text, splices, crlf]) => {
    let out = crlf ? text.replace(/\r?\n/g, '\r\n') : text;
    for (const [at, len, insert] of splices) {
      const start = at % (out.length + 1);
      out = out.slice(0, start) + insert + out.slice(Math.min(out.length, start + len));
    }
    return out;
  });

function roundTrip(source: string, key: string, to: Status, from: Status): string {
  const changed = applyEdits(source, planEdits(parsePlan(source), { kind: 'set-status', key, status: to }));
  return applyEdits(changed, planEdits(parsePlan(changed), { kind: 'set-status', key, status: from }));
}

function sameBytesOutsideEdits(source: string, edits: { start: number; end: number; expect: string }[]): void {
  for (const e of edits) expect(source.slice(e.start, e.end)).toBe(e.expect);
}

test(`random status changes on ${RUNS} documents: no throw, true offsets, exact round trip`, () => {
  fc.assert(
    fc.property(documents, fc.nat(), fc.constantFrom(...STATUSES), (source, pick, status: Status) => {
      const model = parsePlan(source);
      expect(offsetViolations(source, model)).toEqual([]);
      if (model.items.length === 0) return;
      const item = model.items[pick % model.items.length];
      const change = { kind: 'set-status' as const, key: item.key, status };

      const edits = planEdits(model, change, { today: '2026-12-01', planners: [bookkeepingPlanner(source)] });
      sameBytesOutsideEdits(source, edits);
      const text = applyEdits(source, edits);
      const after = parsePlan(text);
      expect(offsetViolations(text, after)).toEqual([]);
      expect(after.items.find((i) => i.key === item.key)?.status).toBe(status);

      // The item's own edit and its reverse touch only the item's line, and a second round trip gives the
      // bytes of the first exactly (the first may add the document's ✅ to an item that lacked it).
      const once = roundTrip(source, item.key, status, item.status);
      const line = item.lineSpan;
      const tail = source.length - line.end;
      expect(once.slice(0, line.start)).toBe(source.slice(0, line.start));
      expect(once.slice(once.length - tail)).toBe(source.slice(line.end));
      expect(roundTrip(once, item.key, status, item.status)).toBe(once);
    }),
    { numRuns: RUNS, seed: SEED },
  );
}, 3_600_000);
