// Start and target dates live in the document: read from a fact line or YAML front matter, written as the
// smallest edit in the document's own fact style, and every other byte stays as it was.
import { readFileSync } from 'node:fs';
import { applyEdits, applyStructureChanges, parsePlan, planDateEdits, StructureError } from '../../../parser/index';
import { SEED } from '../../helpers/paths';

const seed = readFileSync(SEED, 'utf8');
const set = (text: string, change: { startDate?: string | null; targetDate?: string | null }) =>
  applyEdits(text, planDateEdits(text, parsePlan(text), change));
const dates = (text: string) => {
  const d = parsePlan(text).dates!;
  return { start: d.start?.date ?? null, target: d.target?.date ?? null };
};

describe('plan dates', () => {
  it('reads a fact line and a front-matter key', () => {
    expect(dates('# P\n\n**Start Date**: 2026-01-05\n**Target Date**: 2026-03-01 (soft)\n\n- [ ] A-001 x\n')).toEqual({
      start: '2026-01-05',
      target: '2026-03-01',
    });
    expect(dates('---\ntitle: x\ntarget_date: "2026-04-01"\n---\n\n# P\n- [ ] A-001 x\n')).toEqual({
      start: null,
      target: '2026-04-01',
    });
    // Not a date: not read.
    expect(dates('# P\n\n**Target Date**: 2026-02-30\n')).toEqual({ start: null, target: null });
  });

  it('adds the lines after the last overview fact in its style, touching nothing else', () => {
    const text = set(seed, { startDate: '2026-01-01', targetDate: '2026-03-01' });
    const at = seed.indexOf('**Progress**:');
    const lineEnd = seed.indexOf('\n', at) + 1;
    expect(text).toBe(
      `${seed.slice(0, lineEnd)}**Start Date**: 2026-01-01\n**Target Date**: 2026-03-01\n${seed.slice(lineEnd)}`,
    );
    expect(dates(text)).toEqual({ start: '2026-01-01', target: '2026-03-01' });
    // The colon-inside style is followed, CRLF kept.
    const inside = '# P\r\n\r\n**Last updated:** 2026-01-01\r\n\r\n- [ ] A-001 x\r\n';
    expect(set(inside, { targetDate: '2026-05-01' })).toBe(
      '# P\r\n\r\n**Last updated:** 2026-01-01\r\n**Target Date:** 2026-05-01\r\n\r\n- [ ] A-001 x\r\n',
    );
  });

  it('changes a date in place and removes a cleared one', () => {
    const text = '# P\n\n**Target Date**: 2026-03-01 (soft)\n**Owner**: ann\n';
    expect(set(text, { targetDate: '2026-04-02' })).toBe('# P\n\n**Target Date**: 2026-04-02 (soft)\n**Owner**: ann\n');
    expect(set(text, { targetDate: null })).toBe('# P\n\n**Owner**: ann\n');
    expect(planDateEdits(text, parsePlan(text), { targetDate: '2026-03-01' })).toEqual([]);
  });

  it('writes into YAML front matter when the plan has it', () => {
    const text = '---\ntitle: x\n---\n\n# P\n\n- [ ] A-001 x\n';
    expect(set(text, { startDate: '2026-01-01' })).toBe(
      '---\ntitle: x\nstart_date: 2026-01-01\n---\n\n# P\n\n- [ ] A-001 x\n',
    );
  });

  it('puts the first fact below the title, or at the top without one', () => {
    expect(set('# P\n\n- [ ] A-001 x\n', { targetDate: '2026-05-01' })).toBe(
      '# P\n\n**Target Date**: 2026-05-01\n\n- [ ] A-001 x\n',
    );
    expect(set('# P\n- [ ] A-001 x\n', { targetDate: '2026-05-01' })).toBe(
      '# P\n\n**Target Date**: 2026-05-01\n\n- [ ] A-001 x\n',
    );
    expect(set('- [ ] A-001 x\n', { startDate: '2026-05-01' })).toBe('**Start Date**: 2026-05-01\n\n- [ ] A-001 x\n');
  });

  it('is a structure change that reads back, and refuses bad dates', () => {
    const r = applyStructureChanges(seed, [{ kind: 'set-dates', targetDate: '2026-06-30' }], { today: '2026-12-01' });
    expect(r.model.dates?.target?.date).toBe('2026-06-30');
    // No bookkeeping: the Last Updated line and the counts stay.
    expect(r.text.replace('**Target Date**: 2026-06-30\n', '')).toBe(seed);
    expect(() =>
      applyStructureChanges(seed, [{ kind: 'set-dates', targetDate: '2026-13-01' }], { today: '2026-12-01' }),
    ).toThrow(StructureError);
    expect(() =>
      applyStructureChanges(seed, [{ kind: 'set-dates', startDate: '2026-05-01', targetDate: '2026-04-01' }], {
        today: '2026-12-01',
      }),
    ).toThrow(/after the start/);
  });
});
