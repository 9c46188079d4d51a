// A progress log with no `### Week` headings is one table. A tick more than a week after its first row used to
// add a `## Week 2` heading and table per tick — at the log heading's level, so it ended the log and was never
// read back (issue 14). It grows in its one table instead.
import { applyEdits, parsePlan, planEdits } from '../index';
import { bookkeepingPlanner } from './bookkeeping';

const PLAN = `# Plan

## Phase 1: Work

- [x] **A-001**: one
- [ ] **A-002**: two
- [ ] **A-003**: three

## Progress Log

| Date | Items Completed | Notes |
|------|-----------------|-------|
| 2026-01-05 | A-001 | started |

## Notes

Kept as is.
`;

function tick(source: string, key: string, today: string): string {
  const model = parsePlan(source);
  const edits = planEdits(
    model,
    { kind: 'set-status', key, status: 'done' },
    { today, planners: [bookkeepingPlanner(source)] },
  );
  return applyEdits(source, edits);
}

test('ticks weeks apart append rows to the one table, never a new week section', () => {
  const once = tick(PLAN, 'A-002', '2026-03-10');
  const twice = tick(once, 'A-003', '2026-04-20');
  expect(twice).not.toMatch(/Week/);
  expect(twice).toContain(
    '| 2026-01-05 | A-001 | started |\n| 2026-03-10 | A-002 |  |\n| 2026-04-20 | A-003 |  |\n\n## Notes',
  );
  const model = parsePlan(twice);
  expect(model.log!.weeks.flatMap((w) => w.rows.map((r) => r.ids))).toEqual([['A-001'], ['A-002'], ['A-003']]);
  expect(model.diagnostics.filter((d) => d.code === 'done-not-logged')).toEqual([]);
});
