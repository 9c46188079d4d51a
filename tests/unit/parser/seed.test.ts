// The founding example: a plan that states 131 items (55/45/31) and holds 128 (56/41/31), with section 1.8
// twice, mojibake throughout and a progress log that dates every item. Read from its fixture copy, never plans/.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyEdits, bookkeepingPlanner, parsePlan, planEdits, repairMojibake, findMojibake } from '../../../parser';
import { REPAIRED_SEED, SEED } from '../../helpers/paths';

const seed = readFileSync(SEED, 'utf8');
const original = readFileSync(REPAIRED_SEED, 'utf8');
const model = parsePlan(seed);
const codes = (code: string) => model.diagnostics.filter((d) => d.code === code);

describe('seed plan', () => {
  it('reads title, facts, last updated and progress', () => {
    expect(model.title).toBe('System Design Gap Implementation Plan');
    expect(model.facts.map((f) => [f.key, f.value]).slice(0, 4)).toEqual([
      ['Total Topics Identified', '~290'],
      ['Currently Implemented', '~76'],
      ['Partially Implemented', '~93'],
      ['Missing (To Implement)', '~220'],
    ]);
    expect(model.lastUpdated).toMatchObject({ raw: 'January 4, 2026', date: '2026-01-04' });
    expect(model.progress?.percent).toBe(100);
    for (const f of model.facts) expect(seed.slice(f.span.start, f.span.end)).toBe(f.value);
  });

  it('counts 128 items: 56 / 41 / 31, all done', () => {
    expect(model.items).toHaveLength(128);
    expect(model.phases.map((p) => [p.key, p.number, p.priority, p.statedCount])).toEqual([
      ['phase-1', 1, 'HIGH', 55],
      ['phase-2', 2, 'MEDIUM', 45],
      ['phase-3', 3, 'LOW', 31],
    ]);
    expect(model.counts.total).toMatchObject({ total: 128, done: 128, remaining: 0, percent: 100 });
    expect(model.counts.byPhase['phase-1'].total).toBe(56);
    expect(model.counts.byPhase['phase-2'].total).toBe(41);
    expect(model.counts.byPhase['phase-3'].total).toBe(31);
    expect(model.phases[2].statusMarker).toBe('âœ… COMPLETE');
    expect(model.phases[0].statusMarker).toBeNull();
  });

  it('states 131 (55/45/31) in the summary table and flags every difference', () => {
    const rows = model.summary!.rows;
    expect(rows.map((r) => [r.label, r.phaseKey, r.isTotal, r.stated.total, r.stated.completed])).toEqual([
      ['Phase 1 (HIGH)', 'phase-1', false, 55, 55],
      ['Phase 2 (MEDIUM)', 'phase-2', false, 45, 45],
      ['Phase 3 (LOW)', 'phase-3', false, 31, 31],
      ['TOTAL', null, true, 131, 131],
    ]);
    for (const r of rows)
      for (const c of r.cells) expect(seed.slice(c.start, c.end).trim()).toBe(seed.slice(c.start, c.end));
    expect(seed.slice(rows[3].cells[1].start, rows[3].cells[1].end)).toBe('**131**');
    const mismatches = codes('count-mismatch').map((d) => d.message);
    // Summary: phase 1 and 2 total + completed, TOTAL total + completed; headings: phase 1 and 2.
    expect(mismatches).toHaveLength(8);
    expect(mismatches.some((m) => m.includes('"TOTAL" states 131 total but the document holds 128'))).toBe(true);
    expect(mismatches.some((m) => m.includes('states 55 items but the phase holds 56'))).toBe(true);
    expect(mismatches.some((m) => m.includes('states 45 items but the phase holds 41'))).toBe(true);
    expect(codes('progress-mismatch')).toHaveLength(0);
  });

  it('says when a "✅ COMPLETE" phase heading stops being true, and the write-back that reopens it keeps the words', () => {
    expect(codes('phase-marker-mismatch')).toHaveLength(0); // Phase 3: 31 of 31 done
    const phase3 = model.items.find((i) => i.phaseKey === 'phase-3' && i.id !== null)!;
    const reopened = applyEdits(
      seed,
      planEdits(model, { kind: 'set-status', key: phase3.key, status: 'todo' }, { today: '2026-02-01' }),
    );
    expect(reopened).toContain('## Phase 3: LOW Priority Items (31 items) âœ… COMPLETE');
    const after = parsePlan(reopened).diagnostics.filter((d) => d.code === 'phase-marker-mismatch');
    expect(after.map((d) => [d.line, d.message])).toEqual([
      [175, 'The heading of "LOW Priority Items" says "âœ… COMPLETE" but 1 of its 31 items is open.'],
    ]);
  });

  it("says when the Progress line's words stop being true after a write-back keeps them", () => {
    expect(codes('fact-claim-mismatch')).toHaveLength(0); // all 128 done: "(All Phases Complete!)" holds
    const reopened = applyEdits(
      seed,
      planEdits(
        model,
        { kind: 'set-status', key: 'CACHE-001', status: 'todo' },
        { today: '2026-02-01', planners: [bookkeepingPlanner(seed)] },
      ),
    );
    const after = parsePlan(reopened);
    expect(after.progress?.raw).toMatch(/^99% complete \(All Phases Complete!\)/);
    expect(after.diagnostics.filter((d) => d.code === 'fact-claim-mismatch').map((d) => d.message)).toEqual([
      `Progress says "${after.progress!.raw.trim()}" but 1 of 128 items is open.`,
    ]);
    // A percent's own words claim nothing: "20% complete" with items open is no contradiction.
    const plain = parsePlan('# P\n\n**Progress**: 50% complete\n\n- [x] **A-1**: one\n- [ ] **A-2**: two\n');
    expect(plain.diagnostics.filter((d) => d.code === 'fact-claim-mismatch')).toEqual([]);
    const claimed = parsePlan(
      '# P\n\n**Last Updated**: 2026-02-01 (all done)\n\n- [x] **A-1**: one\n- [ ] **A-2**: two\n',
    );
    expect(claimed.diagnostics.filter((d) => d.code === 'fact-claim-mismatch').map((d) => d.line)).toEqual([3]);
  });

  it('keys the twice-used section 1.8 as 1.8 and 1.8#2 and says so', () => {
    const s18 = model.sections.filter((s) => s.number === '1.8');
    expect(s18.map((s) => [s.key, s.title])).toEqual([
      ['1.8', 'Real-World Case Studies'],
      ['1.8#2', 'Application Patterns'],
    ]);
    expect(model.sections).toHaveLength(26);
    const dup = codes('duplicate-section');
    expect(dup).toHaveLength(1);
    expect(dup[0].line).toBe(91);
    expect(model.items.find((i) => i.id === 'APP-001')!.sectionKey).toBe('1.8#2');
    expect(model.items.find((i) => i.id === 'CASE-001')!.sectionKey).toBe('1.8');
  });

  it('reads items with ids, titles, descriptions and the mojibake check', () => {
    const first = model.items[0];
    expect(first).toMatchObject({
      key: 'CACHE-001',
      id: 'CACHE-001',
      title: 'Thunder Herd Problem',
      description: 'Diagram showing problem and solutions (locking, early expiration)',
      status: 'done',
      marker: 'x',
      markers: ['âœ…'],
      phaseKey: 'phase-1',
      sectionKey: '1.1',
      line: 31,
      column: 1,
      bullet: '-',
      depth: 0,
      parentKey: null,
    });
    expect(new Set(model.items.map((i) => i.key)).size).toBe(128);
    expect(model.conventions).toMatchObject({
      eol: '\n',
      bom: false,
      doneMarker: 'x',
      checkOnDone: true,
      doneCheck: 'âœ…',
    });
  });

  it('dates every item from the progress log: 56 on 2026-01-02, 41 on 2026-01-03, 31 on 2026-01-04', () => {
    const byDate: Record<string, number> = {};
    for (const i of model.items) byDate[String(i.doneDate)] = (byDate[String(i.doneDate)] ?? 0) + 1;
    expect(byDate).toEqual({ '2026-01-02': 56, '2026-01-03': 41, '2026-01-04': 31 });
    expect(model.log!.weeks.map((w) => [w.title, w.rows.length])).toEqual([
      ['Week 1', 11],
      ['Week 2', 15],
    ]);
    const linux = model.log!.weeks[1].rows[0];
    expect(linux.itemsRaw).toBe('LINUX-001 to LINUX-005');
    expect(linux.ids).toEqual(['LINUX-001', 'LINUX-002', 'LINUX-003', 'LINUX-004', 'LINUX-005']);
    expect(codes('log-unknown-id')).toHaveLength(0);
    expect(codes('done-not-logged')).toHaveLength(0);
    expect(codes('logged-not-done')).toHaveLength(0);
  });

  it('reports the mojibake once and repairs it into the original document exactly', () => {
    expect(codes('mojibake')).toHaveLength(1);
    expect(findMojibake(seed).length).toBe(150);
    expect(repairMojibake(seed)).toBe(original);
    expect(findMojibake(original)).toEqual([]);
    expect(repairMojibake(original)).toBe(original);
  });

  it('toggles an item through the mojibake check and back to identical bytes', () => {
    const toTodo = applyEdits(seed, planEdits(model, { kind: 'set-status', key: 'CACHE-003', status: 'todo' }));
    expect(toTodo).toContain('- [ ] **CACHE-003**: Cache Breakdown - Hot key expiration, mutex locks\n');
    const again = parsePlan(toTodo);
    expect(again.items.find((i) => i.key === 'CACHE-003')!.status).toBe('todo');
    const back = applyEdits(toTodo, planEdits(again, { kind: 'set-status', key: 'CACHE-003', status: 'done' }));
    expect(back).toBe(seed);
  });
});
