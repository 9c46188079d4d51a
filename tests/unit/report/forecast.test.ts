// The Monte Carlo forecast (report/forecast.ts): exact answers where the history leaves no doubt, the honest
// states where it cannot answer, phases in order, and the same answer for the same data.
import { forecast, MAX_WEEKS } from '../../../report/forecast';

const weeks = (pairs: [number, number][]) => pairs.map(([completed, added], i) => ({ id: `w${i}`, completed, added }));
const steady = (completed: number, added = 0, n = 12) => weeks(Array.from({ length: n }, () => [completed, added]));

describe('forecast', () => {
  it('10 items every week with 100 remaining: exactly 10 weeks out at every percentile', () => {
    const f = forecast({ phases: [{ key: 'p1', remaining: 100 }], history: steady(10), asOf: '2026-01-04' });
    expect(f).toMatchObject({ status: 'no target', p50: '2026-03-15', p85: '2026-03-15', p95: '2026-03-15' });
  });

  it('zero weeks are sampled too: they push the dates out', () => {
    const history = weeks([
      [10, 0],
      [0, 0],
      [10, 0],
      [0, 0],
      [10, 0],
      [0, 0],
    ]);
    const f = forecast({ phases: [{ key: 'p1', remaining: 100 }], history, asOf: '2026-01-04' });
    // Half the weeks complete nothing, so about 20 weeks, and certainly more than 10.
    const weeksOut = (d: string | null) => Math.round((Date.parse(d!) - Date.parse('2026-01-04')) / (7 * 86_400_000));
    expect(weeksOut(f.p50)).toBeGreaterThanOrEqual(17);
    expect(weeksOut(f.p50)).toBeLessThanOrEqual(23);
    expect(weeksOut(f.p95)).toBeGreaterThan(weeksOut(f.p50));
    expect(f.inputs.map((w) => w.completed)).toEqual([10, 0, 10, 0, 10, 0]);
  });

  it('scope growing as fast as the work: no convergence, no dates', () => {
    for (const added of [10, 12]) {
      const f = forecast({ phases: [{ key: 'p1', remaining: 50 }], history: steady(10, added), asOf: '2026-01-04' });
      expect(f).toMatchObject({ status: 'no convergence', p50: null, p85: null, p95: null });
    }
  });

  it('fewer than 3 weeks that completed anything: insufficient data', () => {
    const history = weeks([
      [0, 0],
      [5, 0],
      [0, 0],
      [7, 0],
    ]);
    const f = forecast({ phases: [{ key: 'p1', remaining: 10 }], history, asOf: '2026-01-04' });
    expect(f.status).toBe('insufficient data');
    expect(f.p50).toBeNull();
  });

  it('nothing remaining: done', () => {
    const f = forecast({ phases: [{ key: 'p1', remaining: 0 }], history: [], asOf: '2026-01-04' });
    expect(f.status).toBe('done');
  });

  it('only the last 12 weeks count', () => {
    const history = [...steady(0, 0, 20), ...steady(10)];
    const f = forecast({ phases: [{ key: 'p1', remaining: 30 }], history, asOf: '2026-01-04' });
    expect(f.inputs).toHaveLength(12);
    expect(f.p95).toBe('2026-01-25');
  });

  it('phases run in order: each starts when the one before it is done, completions carry over', () => {
    const f = forecast({
      phases: [
        { key: 'p1', remaining: 25 },
        { key: 'p2', remaining: 0 },
        { key: 'p3', remaining: 20 },
      ],
      history: steady(10),
      asOf: '2026-01-04',
    });
    expect(f.phases.map((p) => [p.key, p.status, p.p50])).toEqual([
      ['p1', 'forecast', '2026-01-25'],
      ['p2', 'done', null],
      ['p3', 'forecast', '2026-02-08'],
    ]);
    expect(f.p85).toBe('2026-02-08');
  });

  it('against the target date: on track, at risk, off track', () => {
    const history = weeks([
      [10, 0],
      [5, 0],
      [15, 0],
      [10, 0],
      [8, 0],
      [12, 0],
    ]);
    const base = { phases: [{ key: 'p1', remaining: 100 }], history, asOf: '2026-01-04' };
    const f = forecast(base);
    expect(f.status).toBe('no target');
    expect(forecast({ ...base, targetDate: f.p85 }).status).toBe('on track');
    expect(forecast({ ...base, targetDate: f.p50 }).status).toBe(f.p50 === f.p85 ? 'on track' : 'at risk');
    expect(forecast({ ...base, targetDate: '2026-01-05' }).status).toBe('off track');
  });

  it('the same data gives the same answer; trials that never finish are not converged', () => {
    const base = {
      phases: [{ key: 'p1', remaining: 200 }],
      history: weeks([
        [1, 0],
        [0, 0],
        [3, 2],
        [2, 1],
      ]),
      asOf: '2026-01-04',
    };
    expect(forecast(base)).toEqual(forecast(base));
    // A tiny net throughput: most trials take longer than MAX_WEEKS.
    const slow = forecast({ ...base, phases: [{ key: 'p1', remaining: MAX_WEEKS * 5 }] });
    expect(slow.status).toBe('no convergence');
  });
});
