// The burndown series the overview draws and `burndownSeries` returns (db/queries/burndown.ts): the pure replay
// of per-day transitions, no database needed.
import { computeBurndown, everyDay, weekOf } from '../../../../db/queries/burndown';

describe('computeBurndown', () => {
  it('replays history backwards from the current counts; first-import items are scope from the start', () => {
    const b = computeBurndown(
      [
        { day: '2026-01-02', fromStatus: 'todo', toStatus: 'done', n: 3 },
        { day: '2026-01-05', fromStatus: null, toStatus: 'todo', n: 2 }, // two items added: scope grows
        { day: '2026-01-06', fromStatus: 'todo', toStatus: 'removed', n: 1 }, // one removed: scope shrinks
        { day: '2026-01-06', fromStatus: 'todo', toStatus: 'done', n: 1 },
      ],
      { today: '2026-01-10', current: { scope: 11, done: 4 } },
    );
    expect(b.points.map((p) => [p.day, p.scope, p.done, p.remaining, p.scopeChange])).toEqual([
      ['2026-01-01', 10, 0, 10, 0],
      ['2026-01-02', 10, 3, 7, 0],
      ['2026-01-05', 12, 3, 9, 2],
      ['2026-01-06', 11, 4, 7, -1],
      ['2026-01-10', 11, 4, 7, 0],
    ]);
    expect(b.ideal).toBeNull();
  });

  it('draws the ideal line from the start date to the target date, and counts completions per week', () => {
    const b = computeBurndown(
      [
        { day: '2026-01-02', fromStatus: 'todo', toStatus: 'done', n: 2 },
        { day: '2026-01-14', fromStatus: 'in-progress', toStatus: 'done', n: 1 },
        { day: '2026-01-15', fromStatus: 'done', toStatus: 'todo', n: 1 }, // un-ticked: not a completion
      ],
      { today: '2026-01-20', current: { scope: 5, done: 2 }, startDate: '2025-12-29', targetDate: '2026-02-01' },
    );
    expect(b.points[0]).toMatchObject({ day: '2025-12-29', remaining: 5 });
    expect(b.ideal).toEqual({ from: { date: '2025-12-29', value: 5 }, to: { date: '2026-02-01', value: 0 } });
    expect(b.weekly).toEqual([
      { week: '2025-12-29', completed: 2 },
      { week: '2026-01-05', completed: 0 },
      { week: '2026-01-12', completed: 1 },
    ]);
  });

  it('treats cancelled items as out of scope', () => {
    const b = computeBurndown([{ day: '2026-03-03', fromStatus: 'todo', toStatus: 'cancelled', n: 4 }], {
      today: '2026-03-04',
      current: { scope: 6, done: 1 },
    });
    expect(b.points.map((p) => p.remaining)).toEqual([9, 5, 5]);
  });

  it('weeks start on Monday', () => {
    expect(weekOf('2026-01-04')).toBe('2025-12-29'); // a Sunday
    expect(weekOf('2026-01-05')).toBe('2026-01-05');
  });
});

describe('everyDay', () => {
  it('holds each value until the next change, one entry per day', () => {
    const b = computeBurndown([{ day: '2026-01-03', fromStatus: 'todo', toStatus: 'done', n: 1 }], {
      today: '2026-01-05',
      current: { scope: 2, done: 1 },
    });
    expect(everyDay(b.points).map((d) => [d.date, d.remaining])).toEqual([
      ['2026-01-02', 2],
      ['2026-01-03', 1],
      ['2026-01-04', 1],
      ['2026-01-05', 1],
    ]);
  });
});

describe('the active period and where history starts', () => {
  const work = [
    { day: '2026-01-02', fromStatus: 'todo', toStatus: 'done', n: 3 },
    { day: '2026-01-04', fromStatus: 'todo', toStatus: 'done', n: 2 },
  ];
  it('spans the days of work of a finished plan, not the months after', () => {
    const b = computeBurndown(work, { today: '2026-12-01', current: { scope: 5, done: 5 } });
    expect(b.range).toEqual({ from: '2026-01-01', to: '2026-01-04' });
    expect(b.history).toEqual({ since: '2026-01-02', doneBefore: 0, scopeBefore: 5 });
  });
  it('runs to today while items remain, to the target date when there is one, from the start date', () => {
    expect(computeBurndown(work, { today: '2026-02-01', current: { scope: 9, done: 5 } }).range).toEqual({
      from: '2026-01-01',
      to: '2026-02-01',
    });
    const planned = computeBurndown(work, {
      today: '2026-02-01',
      current: { scope: 9, done: 5 },
      startDate: '2025-12-15',
      targetDate: '2026-03-31',
    });
    expect(planned.range).toEqual({ from: '2025-12-15', to: '2026-03-31' });
  });
  it('says how many items were done before a partial log starts', () => {
    const b = computeBurndown(work, { today: '2026-12-01', current: { scope: 267, done: 267 } });
    expect(b.history).toEqual({ since: '2026-01-02', doneBefore: 262, scopeBefore: 267 });
  });
  it('has no range without recorded history (the chart shows why it is empty)', () => {
    const b = computeBurndown([], { today: '2026-12-01', current: { scope: 4, done: 1 } });
    expect(b.range).toBeNull();
    expect(b.history.since).toBeNull();
  });
});
