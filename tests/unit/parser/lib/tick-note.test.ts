// Tick notes: a completion's note fills the Notes cell of the progress-log row it writes — a new row, or
// today's row (after `; `) — one line, pipes escaped; without a note the cell stays as it was.
import { readFileSync } from 'node:fs';
import { applyEdits, bookkeepingPlanner, parsePlan, planEdits } from '../../../../parser/index';

function tick(text: string, key: string, today: string, note?: string, status: 'done' | 'todo' = 'done'): string {
  const model = parsePlan(text);
  return applyEdits(
    text,
    planEdits(model, { kind: 'set-status', key, status, note }, { today, planners: [bookkeepingPlanner(text)] }),
  );
}

// The example plan with CACHE-001 and CACHE-002 undone (and so out of the log).
const seed = ['CACHE-001', 'CACHE-002'].reduce(
  (text, key) => tick(text, key, '2026-01-04', undefined, 'todo'),
  readFileSync(new URL('../../../fixtures/seed/input.md', import.meta.url), 'utf8'),
);

it('a new row gets the note in its Notes cell', () => {
  const out = tick(seed, 'CACHE-001', '2026-01-20', 'Herd | thunder\nfixed');
  const row = out.split('\n').find((l) => l.startsWith('| 2026-01-20 | CACHE-001'));
  expect(row).toBe('| 2026-01-20 | CACHE-001 | Herd \\| thunder fixed |');
  const log = parsePlan(out).log!.weeks.at(-1)!.rows.at(-1)!;
  expect(log).toMatchObject({ ids: ['CACHE-001'], notes: 'Herd \\| thunder fixed' });
});

it("today's row gets the note after its own", () => {
  const once = tick(seed, 'CACHE-001', '2026-01-20', 'first');
  const two = tick(once, 'CACHE-002', '2026-01-20', 'second');
  expect(two).toContain('| 2026-01-20 | CACHE-001, CACHE-002 | first; second |');
});

it('without a note the row is written as before', () => {
  expect(tick(seed, 'CACHE-001', '2026-01-20')).toContain('| 2026-01-20 | CACHE-001 |  |');
});
