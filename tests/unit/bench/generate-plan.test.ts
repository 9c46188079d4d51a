// The benchmark's plan generator (tests/bench/generate-plan.ts): deterministic, realistic, and consistent
// with itself, so the parser benchmark measures a plan like the seed and not a degenerate one.
import { parsePlan } from '../../../parser/index';
import { generatePlan } from '../../bench/generate-plan';

describe('generatePlan', () => {
  it('is deterministic per seed', () => {
    expect(generatePlan({ items: 300, seed: 4 })).toBe(generatePlan({ items: 300, seed: 4 }));
    expect(generatePlan({ items: 300, seed: 5 })).not.toBe(generatePlan({ items: 300, seed: 4 }));
  });

  it('writes a plan in the seed format whose stated numbers, log and items agree', () => {
    const text = generatePlan({ items: 1500, seed: 2 });
    const model = parsePlan(text);
    expect(model.items).toHaveLength(1500);
    expect(model.diagnostics).toEqual([]);
    expect(new Set(model.items.map((i) => i.status))).toEqual(new Set(['todo', 'in-progress', 'done', 'cancelled']));
    expect(new Set(model.items.map((i) => i.id?.replace(/-\d+$/, ''))).size).toBeGreaterThan(10);
    expect(model.items.some((i) => i.depth > 0 && i.id === null)).toBe(true);
    expect(model.phases.map((p) => p.statedCount)).toEqual(model.phases.map((p) => model.counts.byPhase[p.key].total));
    expect(model.summary?.rows.find((r) => r.isTotal)?.stated.total).toBe(1500);
    // Ranges (`A-001 to A-005`, `A-001–A-005`, `A-001/002`) and lists, all expanding to done items.
    const rows = model.log!.weeks.flatMap((w) => w.rows);
    expect(rows.some((r) => r.itemsRaw.includes(' to '))).toBe(true);
    expect(rows.some((r) => r.itemsRaw.includes('–'))).toBe(true);
    expect(rows.some((r) => /-\d{3}\/\d{3}/.test(r.itemsRaw))).toBe(true);
    const done = new Set(model.items.filter((i) => i.status === 'done' && i.id).map((i) => i.id));
    expect(new Set(rows.flatMap((r) => r.ids))).toEqual(done);
    // A fenced example holding `- [ ]` lines, which are not items.
    expect(text).toMatch(/```[a-z]*\n(?:.*\n)*?.*- \[ \].*\n(?:.*\n)*?```/);
  });

  it('makes 10,000 items about 1 MB', () => {
    const bytes = Buffer.byteLength(generatePlan({ items: 10_000, seed: 1 }));
    expect(bytes).toBeGreaterThan(800_000);
    expect(bytes).toBeLessThan(1_300_000);
  });
});
