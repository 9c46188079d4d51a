// A Progress line that counts items (`**Progress**: 3/6 items complete (50%)`): the count is read, kept true by a
// write-back beside the percent, checked against the items, and its own words claim nothing.
import { describe, expect, it } from 'vitest';
import { applyEdits, modelAfterEdits, parsePlan, PieceText, statusChangeEdits, type Status } from '../../../parser';

const plan = (progress: string, items = ['x', 'x', 'x', ' ', ' ', ' ']) =>
  `# P\n\n**Progress**: ${progress}\n\n## Phase 1: Work\n\n${items.map((m, i) => `- [${m}] **A-${i + 1}**: item ${i + 1}`).join('\n')}\n`;

const count = (progress: string) => {
  const c = parsePlan(plan(progress)).progress?.count;
  return c ? [c.done, c.total] : null;
};

const codes = (source: string) => parsePlan(source).diagnostics.map((d) => d.code);

function tick(source: string, key: string, status: Status): string {
  return applyEdits(
    source,
    statusChangeEdits(source, parsePlan(source), { kind: 'set-status', key, status }, '2026-03-05'),
  );
}

describe('a Progress line that counts items', () => {
  it('reads a count of items, not one of other things', () => {
    expect(count('3/6 items complete (50%)')).toEqual([3, 6]);
    expect(count('3 of 6 tasks done')).toEqual([3, 6]);
    expect(count('3 / 6 items')).toEqual([3, 6]);
    expect(count('42/128 (33%)')).toEqual([42, 128]);
    expect(count('✅ 3/6 done')).toEqual([3, 6]);
    expect(count('Phase 2 of 3, 3/6 items')).toEqual([3, 6]);
    expect(count('Phase 2 of 3')).toBeNull();
    expect(count('2/5 phases complete')).toBeNull();
    expect(count('50% complete')).toBeNull();
    expect(count('2026/03/05')).toBeNull();
  });

  it('takes the count’s own words for no claim, and says when the count is wrong', () => {
    expect(codes(plan('3/6 items complete (50%)'))).toEqual([]);
    expect(codes(plan('2/5 phases complete'))).toEqual([]);
    // Words beyond the count still claim: "all done" with three items open.
    expect(codes(plan('3/6 items complete, all done'))).toEqual(['fact-claim-mismatch']);
    const stale = parsePlan(plan('2/6 items complete (50%)')).diagnostics;
    expect(stale.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ['progress-mismatch', 3, 15, 'Progress states 2/6 but 3 of 6 items are done.'],
    ]);
  });

  it('is rewritten by a tick, each number in place, the cancelled left out as in the percent', () => {
    expect(tick(plan('3/6 items complete (50%)'), 'A-4', 'done')).toContain('**Progress**: 4/6 items complete (66%)\n');
    expect(tick(plan('3 of 6 tasks done'), 'A-1', 'todo')).toContain('**Progress**: 2 of 6 tasks done\n');
    expect(tick(plan('3/6 done (50%)'), 'A-6', 'cancelled')).toContain('**Progress**: 3/5 done (60%)\n');
    // Not a count of items: left as it is.
    expect(tick(plan('2/5 phases complete'), 'A-4', 'done')).toContain('**Progress**: 2/5 phases complete\n');
  });

  it('is kept by the tick’s model upkeep as a fresh parse reads it', () => {
    let source = plan('3/6 items complete (50%)');
    const model = parsePlan(source);
    for (const [key, status] of [
      ['A-4', 'done'],
      ['A-5', 'done'],
      ['A-1', 'cancelled'],
      ['A-4', 'todo'],
    ] as const) {
      const edits = statusChangeEdits(source, model, { kind: 'set-status', key, status }, '2026-03-05');
      const text = PieceText.of(source, edits);
      modelAfterEdits(model, text, edits, new Map([[key, status]]), parsePlan);
      source = applyEdits(source, edits);
      expect(model.progress).toEqual(parsePlan(source).progress);
      expect(model.diagnostics).toEqual(parsePlan(source).diagnostics);
    }
  });
});
