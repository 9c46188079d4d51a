// Report blocks in the progress log (parser/lib/report-block.ts): appending then re-parsing keeps every item,
// its status and every log row, whatever the block holds; appending twice is byte-identical to once; the
// document's line endings and BOM are kept; a block deleted by hand is simply gone.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import fc from 'fast-check';
import { applyEdits, findReportBlocks, maskReportBlocks, parsePlan, reportBlockEdit, type PlanModel } from '../index';

const fixtures = new URL('../../tests/fixtures/', import.meta.url);
const plans = readdirSync(fixtures)
  .filter((d) => existsSync(new URL(`${d}/input.md`, fixtures)))
  .map((d) => ({ name: d, text: readFileSync(new URL(`${d}/input.md`, fixtures), 'utf8') }))
  .filter((p) => parsePlan(p.text).log !== null)
  // The same plans with CRLF line endings and a BOM.
  .flatMap((p) => [p, { name: `${p.name} (CRLF, BOM)`, text: `\uFEFF${p.text.replace(/\r?\n/g, '\r\n')}` }]);

/** What the parser read: items with their statuses, and the log's rows. */
const seen = (m: PlanModel) => ({
  items: m.items.map((i) => [i.key, i.status, i.doneDate]),
  log: m.log?.weeks.map((w) => [w.title, w.rows.map((r) => [r.date, r.ids, r.notes])]),
  phases: m.phases.map((p) => [p.key, p.statedCount]),
});

// Block content that would be plan content anywhere else: items, log rows, headings, a summary row.
const hostile = fc.constantFrom(
  '- [ ] **FAKE-001**: not an item',
  '- [x] **CACHE-001**: a done item that is not one ✅',
  '| 2026-01-09 | FAKE-002, CACHE-001 | not a log row |',
  '| Date | Items Completed | Notes |',
  '|------|-----------------|-------|',
  '### Week 9',
  '## Phase 9: HIGH Priority Items (3 items)',
  '**Last Updated**: 2030-01-01',
  '```',
  '',
  '<!-- tickmark:report 2026-W02 -->',
);
const weekId = fc.constantFrom('2026-W01', '2026-W53', 'Week 1', 'Week 2', '2026-01-01..2026-01-31', '2026-01-04');

function append(text: string, week: string, lines: string[]): string {
  return applyEdits(text, [reportBlockEdit(text, parsePlan(text), week, lines)]);
}

describe('report blocks', () => {
  it('appending keeps every item, status and log row; appending twice equals once', () => {
    expect(plans.length).toBeGreaterThanOrEqual(2);
    fc.assert(
      fc.property(
        fc.constantFrom(...plans),
        fc.array(fc.tuple(weekId, fc.array(fc.oneof(hostile, fc.string({ maxLength: 20 })), { maxLength: 8 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (plan, appends) => {
          const before = seen(parsePlan(plan.text));
          let text = plan.text;
          for (const [week, raw] of appends) {
            // Block lines are one line each (the renderer never writes line breaks inside one).
            const lines = raw.map((l) => l.replace(/[\r\n]/g, ' '));
            const once = append(text, week, lines);
            expect(append(once, week, lines)).toBe(once);
            text = once;
          }
          expect(seen(parsePlan(text))).toEqual(before);
          // Outside the blocks, not a byte changed.
          const outside = (t: string) => {
            let rest = t;
            for (const b of findReportBlocks(t).reverse()) rest = rest.slice(0, b.start) + rest.slice(b.end);
            return rest.replace(/\s+/g, ' ');
          };
          expect(outside(text)).toBe(outside(plan.text));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a regenerated block replaces the old one in place; other weeks stay where they are', () => {
    const seed = readFileSync(new URL('seed/input.md', fixtures), 'utf8');
    const a = append(seed, '2026-W01', ['first']);
    const b = append(a, '2026-W02', ['second']);
    const c = append(b, '2026-W01', ['first, regenerated']);
    expect(c).toBe(b.replace('first', 'first, regenerated'));
    expect(c.indexOf('first, regenerated')).toBeLessThan(c.indexOf('second'));
    // The second block follows the first: in the order they were appended, at the end of the log.
    expect(c.indexOf('<!-- tickmark:report 2026-W02 -->')).toBeLessThan(c.indexOf('## Completion Summary'));
  });

  it('a document week gets its block under its own table', () => {
    const seed = readFileSync(new URL('seed/input.md', fixtures), 'utf8');
    const text = append(seed, 'Week 1', ['week one']);
    expect(text.indexOf('week one')).toBeGreaterThan(text.indexOf('SEARCH-001, SEARCH-002, AI-001'));
    expect(text.indexOf('week one')).toBeLessThan(text.indexOf('### Week 2'));
  });

  it('keeps CRLF line endings and the BOM', () => {
    const crlf = plans.find((p) => p.text.startsWith('\uFEFF'))!;
    const text = append(crlf.text, '2026-W01', ['a', '', 'b']);
    expect(text).toContain('\r\n<!-- tickmark:report 2026-W01 -->\r\na\r\n\r\nb\r\n<!-- /tickmark:report 2026-W01 -->');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(text.startsWith('\uFEFF')).toBe(true);
  });

  it('masking keeps every offset; an unterminated block is not a block; a deleted one is gone', () => {
    const text = 'a\n<!-- tickmark:report W -->\r\n- [ ] **X-1**: x\n<!-- /tickmark:report W -->\nb\n';
    const masked = maskReportBlocks(text);
    expect(masked).toHaveLength(text.length);
    expect(masked.split('\n').map((l) => l.trim())).toEqual(['a', '', '', '', 'b', '']);
    expect(findReportBlocks(text.replace('<!-- /tickmark:report W -->', ''))).toEqual([]);
    expect(findReportBlocks('no blocks here')).toEqual([]);
    // A content line that looks like a marker is written so it cannot be one.
    const seed = readFileSync(new URL('seed/input.md', fixtures), 'utf8');
    const nested = append(seed, '2026-W01', ['<!-- /tickmark:report 2026-W01 -->', 'after']);
    expect(findReportBlocks(nested)).toHaveLength(1);
    expect(nested.slice(findReportBlocks(nested)[0].start, findReportBlocks(nested)[0].end)).toContain('after');
  });

  it('a plan without a progress log is refused with a sentence', () => {
    const text = '# P\n\n## Phase 1: A\n\n- [ ] **A-1**: a\n';
    expect(() => reportBlockEdit(text, parsePlan(text), '2026-W01', ['x'])).toThrow(/no progress log/);
  });
});
