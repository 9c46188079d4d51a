// The overview sends the burndown's points as columns with days counted from the first (decision 061); the
// chart's table, drawn from them, must show every point as the points themselves say: across month and year
// ends, a leap day and gaps of many days.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { BurndownChart, burndownView } from '../../../../app/components/Charts';
import { computeBurndown, type DayDelta } from '../../../../db/queries/burndown';

const done = (day: string, n: number): DayDelta => ({ day, fromStatus: 'todo', toStatus: 'done', n });

it("draws the table from the columns with every point's day and counts", () => {
  const deltas = [
    done('2027-12-30', 2),
    done('2027-12-31', 1),
    done('2028-01-01', 3),
    { day: '2028-01-31', fromStatus: null, toStatus: 'todo', n: 4 },
    done('2028-02-28', 1),
    done('2028-02-29', 2),
    done('2028-03-01', 1),
    done('2028-07-15', 5),
  ];
  const burndown = computeBurndown(deltas, {
    today: '2028-09-02',
    current: { scope: 40, done: 20 },
    startDate: '2027-11-20',
  });
  const html = renderToString(createElement(BurndownChart, { data: burndownView(burndown), label: 'Burndown' }));
  const rows = [...html.matchAll(/<tr><td class="mono">([^<]*)<\/td><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td>/g)];
  expect(rows.map(([, day, scope, d, remaining]) => [day, +scope, +d, +remaining])).toEqual(
    burndown.points.map((p) => [p.day, p.scope, p.done, p.remaining]),
  );
  expect(rows.map((r) => r[1])).toEqual([
    '2027-11-20',
    '2027-12-30',
    '2027-12-31',
    '2028-01-01',
    '2028-01-31',
    '2028-02-28',
    '2028-02-29',
    '2028-03-01',
    '2028-07-15',
    '2028-09-02',
  ]);
  // The scope change is drawn as a point on the scope line, so it travels too.
  expect(burndownView(burndown).points.scopeChange).toEqual(burndown.points.map((p) => p.scopeChange));
});

it('sends a year of days in far fewer characters than one object a day', () => {
  const deltas = Array.from({ length: 300 }, (_, i) =>
    done(new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10), 1 + (i % 7)),
  );
  const burndown = computeBurndown(deltas, { today: '2026-12-01', current: { scope: 9000, done: 1500 } });
  const sent = JSON.stringify(burndownView(burndown)).length;
  expect(sent).toBeLessThan(JSON.stringify(burndown).length / 2.5);
});
