// The report's headline uses the one percent rule (parser/lib/counts.ts percentDone): floored, never rounded up
// to a completion that has not happened.
import { buildReport, type ReportInput } from '../../../report/model';
import { weekContaining } from '../../../report/weeks';
import { percentDone } from '../../../parser/index';

function input(statusAsOf: ReportInput['statusAsOf']): ReportInput {
  return {
    plan: { slug: 'p', title: 'P', path: 'p.md', targetDate: null },
    range: weekContaining('2026-11-30'),
    options: { weekStart: 1, timeZone: 'UTC' },
    phases: [{ key: 'p1', name: 'Phase 1' }],
    sections: [],
    statusAsOf,
    transitions: [],
    events: [],
    diagnostics: [],
    diagnosticChanges: [],
    diagnosticsSince: null,
  };
}

describe('report headline percent', () => {
  it('floors at one decimal: 2 of 3 done is 66.6, 1999 of 2000 is 99.9, never 100 before all are done', () => {
    const twoOfThree = buildReport(
      input([
        { phaseKey: 'p1', status: 'done', n: 2 },
        { phaseKey: 'p1', status: 'todo', n: 1 },
      ]),
    );
    expect(twoOfThree.headline.percent).toBe(66.6);
    const almost = buildReport(
      input([
        { phaseKey: 'p1', status: 'done', n: 1999 },
        { phaseKey: 'p1', status: 'todo', n: 1 },
        { phaseKey: 'p1', status: 'cancelled', n: 5 },
      ]),
    );
    expect(almost.headline.percent).toBe(99.9);
    expect(almost.headline.percent).toBe(percentDone({ total: 2005, done: 1999, cancelled: 5 }, 1));
  });
});
