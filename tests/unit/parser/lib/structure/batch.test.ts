// A batch of additions (what `plan merge` and the Curriculum tab's merge preview apply) brings the bookkeeping
// in line once, after the last addition, instead of after each: the bytes, outcomes and model must be exactly
// what applying the same changes one at a time gives (each a write of its own, bookkeeping included).
import { readFileSync } from 'node:fs';
import { PLAN_DOCUMENTS } from '../../../../helpers/paths';
import { describe, expect, it } from 'vitest';
import {
  applyStructureChanges,
  computeCoverage,
  mergePlan,
  parsePlan,
  parseSource,
  topicChanges,
  type AppliedStructure,
  type PlanModel,
  type StructureChange,
} from '../../../../../parser';

const today = '2026-12-01';
const fixtures = new URL('../../../../fixtures/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, fixtures), 'utf8');
const files = PLAN_DOCUMENTS;

/** The changes one write at a time: each its own call, with the IDs handed out so far known to the next. */
function oneAtATime(text: string, model: PlanModel, changes: readonly StructureChange[]): AppliedStructure {
  let out: AppliedStructure = { text, model, outcomes: [] };
  const known = new Set<string>();
  const outcomes = [];
  for (const change of changes) {
    out = applyStructureChanges(out.text, [change], { today, model: out.model, knownIds: known });
    outcomes.push(...out.outcomes);
    for (const item of out.model.items) if (item.id) known.add(item.id);
  }
  return { ...out, outcomes };
}

function expectSameAsOneAtATime(text: string, changes: readonly StructureChange[]): AppliedStructure {
  const model = parsePlan(text);
  const batch = applyStructureChanges(text, changes, { today, model });
  const single = oneAtATime(text, model, changes);
  expect(batch.text).toBe(single.text);
  expect(batch.outcomes).toEqual(single.outcomes);
  expect(batch.model).toEqual(parsePlan(batch.text));
  return batch;
}

it('merges all five gap analyses into the example plan byte for byte as one change at a time does', () => {
  const text = read('corpus/dd-sdlc-ai/implementation-plan.md');
  const plan = parsePlan(text);
  const parts = [1, 2, 3, 4, 5].map((n) =>
    parseSource(read(`corpus/dd-sdlc-ai/part_${n}_gap_analysis.md`), `part_${n}_gap_analysis.md`),
  );
  const changes = topicChanges(plan, mergePlan(plan, computeCoverage(plan, text, parts)).add);
  expect(changes.filter((c) => c.kind === 'add-item').length).toBeGreaterThan(200);
  const batch = expectSameAsOneAtATime(text, changes);
  // The bookkeeping did run: the summary and phase counts count the new items.
  expect(batch.model.counts.total.total).toBe(
    plan.counts.total.total + changes.filter((c) => c.kind === 'add-item').length,
  );
  expect(batch.model.diagnostics.filter((d) => d.code.includes('count'))).toEqual([]);
});

describe('a batch of additions on every fixture equals the additions one at a time', () => {
  for (const file of files) {
    const text = read(file);
    const model = parsePlan(text);
    if (!model.items.length) continue;
    it(file, () => {
      // Two items into every section (or phase without sections), a new section with items, then a tick and
      // another addition: runs of additions broken by a change of another kind.
      const changes: StructureChange[] = [];
      const places = model.sections.length
        ? model.sections.map((s) => ({ section: s.key }))
        : model.phases.map((p) => ({ phase: p.key }));
      for (const [n, place] of places.slice(0, 12).entries()) {
        changes.push({ kind: 'add-item', ...place, title: `Batch probe ${n} a` });
        changes.push({ kind: 'add-item', ...place, title: `Batch probe ${n} b` });
      }
      const phase = model.phases[model.phases.length - 1];
      if (phase) {
        changes.push({ kind: 'add-section', phase: phase.key, title: 'Batch section' });
        changes.push({ kind: 'add-item', section: 'Batch section', title: 'Batch probe in new section' });
      }
      changes.push({ kind: 'set-status', key: model.items[0].key, status: 'done' });
      if (places[0]) changes.push({ kind: 'add-item', ...places[0], title: 'Batch probe after tick' });
      // Keep only the changes this document accepts (a table row takes no description, some sections
      // refuse), so the comparison runs on what the engine applies.
      const ok: StructureChange[] = [];
      let state: AppliedStructure = { text, model, outcomes: [] };
      for (const c of changes) {
        try {
          state = applyStructureChanges(state.text, [c], { today, model: state.model });
          ok.push(c);
        } catch {
          // refused: left out of both paths
        }
      }
      expectSameAsOneAtATime(text, ok);
    });
  }
});
