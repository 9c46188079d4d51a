// Week arithmetic of reports (report/weeks.ts): ISO weeks and years with 53 of them, other week starts, time
// zones, the document's own weeks, and the one-line errors bad selections get.
import {
  dayIn,
  isoWeekId,
  isoWeeksInYear,
  resolveWeek,
  weekContaining,
  weeksEndingAt,
  WeekError,
} from '../../../report/weeks';

const docWeeks = [
  { title: 'Week 1', start: '2026-01-02', end: '2026-01-02' },
  { title: 'Week 2', start: '2026-01-03', end: '2026-01-04' },
  { title: 'Week 3', start: null, end: null },
];
const ctx = { today: '2026-03-01', documentWeeks: docWeeks };

describe('ISO weeks', () => {
  it('numbers weeks by their Thursday: early January may belong to the previous year and late December to the next', () => {
    expect(isoWeekId('2026-01-01')).toBe('2026-W01'); // a Thursday
    expect(isoWeekId('2025-12-29')).toBe('2026-W01');
    expect(isoWeekId('2021-01-03')).toBe('2020-W53'); // 2020 starts on a Wednesday and is a leap year
    expect(isoWeekId('2027-01-03')).toBe('2026-W53'); // 2026 starts on a Thursday
    expect(isoWeekId('2024-12-30')).toBe('2025-W01');
  });

  it('knows which years have 53 weeks', () => {
    expect([2015, 2020, 2026, 2032].map(isoWeeksInYear)).toEqual([53, 53, 53, 53]);
    expect([2021, 2024, 2025, 2027].map(isoWeeksInYear)).toEqual([52, 52, 52, 52]);
  });

  it('resolves 2026-W01, W53 of a 53-week year, and refuses W53 of a 52-week year', () => {
    expect(resolveWeek({ week: '2026-W01' }, ctx)).toEqual({
      id: '2026-W01',
      kind: 'iso',
      start: '2025-12-29',
      end: '2026-01-04',
    });
    expect(resolveWeek({ week: '2020-W53' }, ctx)).toMatchObject({ start: '2020-12-28', end: '2021-01-03' });
    expect(() => resolveWeek({ week: '2025-W53' }, ctx)).toThrow(/2025 has 52 ISO weeks/);
  });

  it('a date selects the week that contains it', () => {
    expect(resolveWeek({ week: '2026-01-03' }, ctx)).toMatchObject({ id: '2026-W01', start: '2025-12-29' });
  });
});

describe('other week starts', () => {
  it('a Sunday-start week is named by its first day', () => {
    expect(weekContaining('2026-01-03', { weekStart: 7 })).toEqual({
      id: '2025-12-28',
      kind: 'calendar',
      start: '2025-12-28',
      end: '2026-01-03',
    });
    expect(weekContaining('2026-01-04', { weekStart: 7 }).start).toBe('2026-01-04');
  });

  it('lists consecutive weeks ending with the one containing a day, oldest first', () => {
    const weeks = weeksEndingAt('2026-01-03', 3);
    expect(weeks.map((w) => w.id)).toEqual(['2025-W51', '2025-W52', '2026-W01']);
  });
});

describe('time zones', () => {
  it('an instant falls on different days (and ISO weeks) in different zones', () => {
    const sundayNightUtc = new Date('2026-01-04T23:30:00Z');
    expect(dayIn(sundayNightUtc, 'UTC')).toBe('2026-01-04');
    expect(dayIn(sundayNightUtc, 'Europe/Berlin')).toBe('2026-01-05');
    expect(isoWeekId(dayIn(sundayNightUtc, 'UTC'))).toBe('2026-W01');
    expect(isoWeekId(dayIn(sundayNightUtc, 'Europe/Berlin'))).toBe('2026-W02');
    expect(dayIn(new Date('2026-01-05T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-01-04');
  });
});

describe('document weeks', () => {
  it('are the first and last dates of the rows under `### Week N`, matched without regard to case', () => {
    expect(resolveWeek({ week: 'Week 2' }, ctx)).toEqual({
      id: 'Week 2',
      kind: 'document',
      start: '2026-01-03',
      end: '2026-01-04',
    });
    expect(resolveWeek({ week: 'week 1' }, ctx)).toMatchObject({ start: '2026-01-02', end: '2026-01-02' });
    expect(() => resolveWeek({ week: 'Week 3' }, ctx)).toThrow(/has no dated rows/);
  });
});

describe('bad selections', () => {
  it('get one line saying what to write', () => {
    const bad: [Parameters<typeof resolveWeek>[0], RegExp][] = [
      [{ week: 'last tuesday' }, /unknown week 'last tuesday'.*'Week 1', 'Week 2'/],
      [{ week: '2026-02-30' }, /not a calendar date/],
      // Month 13 and day 32 are no date at all (Date.parse gives NaN, which toISOString throws on).
      [{ week: '2026-13-01' }, /not a calendar date/],
      [{ from: '2026-13-01', to: '2026-01-01' }, /'2026-13-01' is not a date/],
      [{ from: '2026-01-01', to: '2026-01-32' }, /'2026-01-32' is not a date/],
      [{ from: '2026-01-10', to: '2026-01-03' }, /ends \(2026-01-03\) before it starts \(2026-01-10\)/],
      [{ from: '2026-01-10' }, /go together/],
      [{ week: '2027-W10' }, /after today/],
      [{ week: '2026-W01', from: '2026-01-01', to: '2026-01-02' }, /either --week or --from/],
    ];
    for (const [sel, message] of bad) {
      let error: unknown;
      try {
        resolveWeek(sel, ctx);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(WeekError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('without a selection, the current week', () => {
    expect(resolveWeek({}, { today: '2026-01-07' })).toMatchObject({ id: '2026-W02', start: '2026-01-05' });
  });
});
