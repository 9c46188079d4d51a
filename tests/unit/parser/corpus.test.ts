// Real plans written by other people (copied byte for byte): no throw, the facts each file really holds,
// every offset pointing at its text, and the fast strategy agreeing with a whole-document parse.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyEdits, bookkeepingPlanner, modelAfterEdits, parsePlan, planEdits, type PlanModel } from '../../../parser';
import { offsetViolations } from '../../helpers/parser-invariants';

const corpus = new URL('../../fixtures/corpus/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, corpus), 'utf8');
const files = ['public-plans', 'dd-sdlc-ai'].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, corpus)).map((f) => `${dir}/${f}`),
);
const statuses = (m: PlanModel) => {
  const out: Record<string, number> = {};
  for (const i of m.items)
    out[`${i.status}[${i.marker}]${i.optional ? '*' : ''}`] =
      (out[`${i.status}[${i.marker}]${i.optional ? '*' : ''}`] ?? 0) + 1;
  return out;
};

describe.each(files)('corpus %s', (file) => {
  const source = read(file);
  it('parses with sound offsets and the same model as a whole-document parse', () => {
    const model = parsePlan(source);
    expect(offsetViolations(source, model)).toEqual([]);
    expect(parsePlan(source, { strategy: 'whole' })).toEqual(model);
  });
});

describe('corpus facts', () => {
  it('APAFlow TASK.md: 267 items, nested sub-tasks, two reused IDs', () => {
    const m = parsePlan(read('public-plans/04-apaflow-TASK.md'));
    expect(m.title).toBe('SMEFlow Monolith MVP Development Tasks');
    expect(statuses(m)).toEqual({ 'done[x]': 195, 'todo[ ]': 72 });
    expect(m.phases.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(m.phases[0].name).toBe('Foundation & Infrastructure (Weeks 1-2)');
    const setup = m.items.find((i) => i.id === 'SETUP-001')!;
    expect(setup).toMatchObject({
      title: 'Initialize Python project structure with proper packaging',
      sectionKey: '1.1',
      phaseKey: 'phase-1',
    });
    expect(m.items.filter((i) => i.parentKey === 'SETUP-001').map((i) => i.key)).toEqual([
      'SETUP-001/create-smeflow-package-with-init-py',
      'SETUP-001/setup-pyproject-toml-with-dependencies',
      'SETUP-001/configure-cli-entry-point-with-main-py',
    ]);
    expect(m.items.find((i) => i.id === 'WORKFLOW-005')!.parentKey).toBe('WORKFLOW-003');
    // Items under "🎯 MVP Success Criteria" come before any phase.
    expect(m.items[0]).toMatchObject({ phaseKey: null, sectionKey: 'core-functionality', status: 'todo' });
    const dups = m.diagnostics.filter((d) => d.code === 'duplicate-id').map((d) => d.message.split(' ')[0]);
    expect(dups).toEqual(['TEST-001', 'DOC-001']);
    expect(m.items.filter((i) => i.key.startsWith('TEST-001')).map((i) => i.key)).toEqual(['TEST-001', 'TEST-001#2']);
  });

  it('beachside spec-kit tasks: T001–T029 with [X], indented bullets, six phases', () => {
    const m = parsePlan(read('public-plans/06-beachside-web-speckit-tasks.md'));
    expect(statuses(m)).toEqual({ 'done[X]': 24, 'todo[ ]': 5 });
    expect(m.items.map((i) => i.id)).toEqual([
      'T001',
      'T002',
      'T003',
      'T004',
      'T005',
      'T006',
      'T007',
      'T008',
      'T009',
      'T010',
      'T011',
      'T012',
      'T013',
      'T014',
      'T015',
      'T016',
      'T017',
      'T018',
      'T019',
      'T020',
      'T021',
      'T022',
      'T023',
      'T024',
      'T025',
      'T029',
      'T026',
      'T027',
      'T028',
    ]);
    expect(m.conventions.doneMarker).toBe('X');
    expect(m.phases.map((p) => [p.number, p.priority])).toEqual([
      [1, null],
      [2, null],
      [3, 'P1'],
      [4, 'P2'],
      [5, 'P3'],
      [6, null],
    ]);
    expect(Object.values(m.counts.byPhase).map((c) => c.total)).toEqual([2, 5, 5, 7, 5, 5]);
    // ` - [X] T001` is indented by one space: the line span keeps the indentation.
    const t1 = m.items[0];
    expect(t1.column).toBe(2);
    expect(t1.title).toBe('Install dependencies via `npm i` (see dependencies in package.json)');
  });

  it('LMS Kiro tasks: numbered IDs, nesting, [ ]* optional tasks, a reused 15.2', () => {
    const m = parsePlan(read('public-plans/08-lms-kiro-tasks.md'));
    expect(statuses(m)).toEqual({ 'done[x]': 51, 'done[x]*': 4, 'todo[ ]*': 28 });
    expect(m.items[0]).toMatchObject({
      id: '1',
      title: 'Set up ASP.NET Core 8 project structure and dependencies',
      status: 'done',
    });
    expect(m.items.find((i) => i.id === '2.2')).toMatchObject({
      optional: true,
      status: 'todo',
      parentKey: '2',
      depth: 1,
    });
    expect(m.phases).toEqual([]);
    expect(m.diagnostics.filter((d) => d.code === 'duplicate-id').map((d) => d.line)).toEqual([482]);
  });

  it('unashamed TODO: dotted IDs, PHASE 0–11, last updated date', () => {
    const m = parsePlan(read('public-plans/11-unashamed-IMPLEMENTATION-TODO.md'));
    expect(statuses(m)).toEqual({ 'done[x]': 126, 'todo[ ]': 5 });
    expect(m.phases.map((p) => p.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(m.phases[1].priority).toBe('CRITICAL');
    expect(m.items.find((i) => i.id === '1.1.3')!.sectionKey).toBe('1.1');
    expect(m.lastUpdated?.date).toBe('2026-05-28');
    expect(m.items.every((i) => i.id !== null)).toBe(true);
  });

  it('unashamed TODO: its Last updated note is said to outlive the date a tick moves', () => {
    const source = read('public-plans/11-unashamed-IMPLEMENTATION-TODO.md');
    const notes = (m: PlanModel) =>
      m.diagnostics.filter((d) => d.code === 'last-updated-note').map((d) => [d.line, d.column, d.message]);
    const message =
      'Last Updated\'s note "(full implementation pass)" stays when a change moves the date beside it, so it may describe an earlier day; keep such notes in the progress log, or remove it.';
    const before = parsePlan(source);
    expect(notes(before)).toEqual([[3, 30, message]]);
    // A tick moves the date (the model updated by offset, as the engine does) and the note stays: still said.
    const open = before.items.find((i) => i.status === 'todo')!;
    const edits = planEdits(
      before,
      { kind: 'set-status', key: open.key, status: 'done' },
      { today: '2026-12-01', planners: [bookkeepingPlanner(source)] },
    );
    const after = applyEdits(source, edits);
    expect(after.split('\n')[2]).toBe('**Last updated:** 2026-12-01 (full implementation pass)  ');
    const updated = modelAfterEdits(structuredClone(before), after, edits, new Map([[open.key, 'done']]), parsePlan);
    expect(notes(updated)).toEqual([[3, 30, message]]);
    expect(notes(parsePlan(after))).toEqual(notes(updated));
  });

  it('a Last Updated date alone, or a note already contradicting the counts, gets no note diagnostic', () => {
    const doc = (fact: string) =>
      parsePlan(`# P\n\n**Last Updated**: ${fact}\n\n- [x] **A-1**: one\n- [ ] **A-2**: two\n`);
    const codes = (m: PlanModel) =>
      m.diagnostics.map((d) => d.code).filter((c) => c.includes('mismatch') || c.includes('note'));
    expect(codes(doc('January 4, 2026'))).toEqual([]);
    expect(codes(doc('2026-01-04 —'))).toEqual([]);
    expect(codes(doc('2026-02-01 (all done)'))).toEqual(['fact-claim-mismatch']);
    const before = doc('Sprint 3 – 2026-05-28').diagnostics.find((d) => d.code === 'last-updated-note')!;
    expect([before.line, before.column, before.message]).toEqual([
      3,
      19,
      expect.stringContaining('note "Sprint 3" stays'),
    ]);
  });

  it('pdf2htmlEX TODO: numbered checkboxes, no IDs, structure from heading levels, a stated 90% vs 37%', () => {
    const m = parsePlan(read('public-plans/13-pdf2htmlEX-homebrew-TODO.md'));
    expect(statuses(m)).toEqual({ 'done[x]': 15, 'todo[ ]': 25 });
    expect(m.items.slice(0, 6).map((i) => i.bullet)).toEqual(['1.', '2.', '3.', '4.', '5.', '6.']);
    expect(m.items.every((i) => i.id === null)).toBe(true);
    expect(m.phases.map((p) => p.number)).toEqual([null, null, null]);
    expect(m.phases).toHaveLength(3);
    expect(m.diagnostics.find((d) => d.code === 'progress-mismatch')!.message).toContain('90%');
    // Nested items under a numbered checkbox keep their parent.
    const parent = m.items.find((i) => i.title.startsWith('COMPLETED: Strategy 1'))!;
    expect(m.items.filter((i) => i.parentKey === parent.key)).toHaveLength(4);
  });

  it('dd-sdlc-ai implementation plan: the seed, correctly encoded', () => {
    const m = parsePlan(read('dd-sdlc-ai/implementation-plan.md'));
    expect(m.items).toHaveLength(128);
    expect(m.conventions.doneCheck).toBe('✅');
    expect(m.phases[2].statusMarker).toBe('✅ COMPLETE');
    expect(m.diagnostics.some((d) => d.code === 'mojibake')).toBe(false);
  });

  it('gap analyses hold no task items and no count diagnostics', () => {
    for (const n of [1, 2, 3, 4, 5]) {
      const m = parsePlan(read(`dd-sdlc-ai/part_${n}_gap_analysis.md`));
      expect(m.items).toEqual([]);
      expect(m.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      expect(m.title).toMatch(/^Gap Analysis: part_\d\.pdf/);
    }
  });
});
