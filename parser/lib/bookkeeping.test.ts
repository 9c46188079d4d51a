// Write-back bookkeeping on the seed and every fixture: after each status change the re-parsed document
// agrees with itself (stated numbers = counted numbers, the log names exactly the done items it should),
// edits stay inside the parts the bookkeeping owns, and done-then-undone on the same day restores the bytes.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { applyEdits, markerFor, parsePlan, planEdits } from '../index';
import type { Edit, PlanModel, Status } from './types';
import { bookkeepingEdits, bookkeepingPlanner } from './bookkeeping';
import { modelAfterEdits } from './model-after-edits';
import { PieceText, type TextView } from './text-view';
import { addIdToCell, removeIdFromCell } from './write-back/log-cells';
import { expandIds } from './ranges';
import { claimsDone } from './consistency';
import { generatePlan } from '../../tests/bench/generate-plan';

const FIXTURES = join(import.meta.dirname, '../../tests/fixtures');
const TODAY = '2026-11-26';

function mdFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return mdFiles(p);
    return name.endsWith('.md') && name !== 'SOURCES.md' ? [p] : [];
  });
}

const seed = readFileSync(join(FIXTURES, 'seed/input.md'), 'utf8');
const documents: [string, string][] = [
  ...mdFiles(FIXTURES).map((p): [string, string] => [relative(FIXTURES, p), readFileSync(p, 'utf8')]),
  ['seed, CRLF + BOM', '\uFEFF' + seed.replace(/\n/g, '\r\n')],
];

function tick(
  source: string,
  key: string,
  status: Status,
  today = TODAY,
): { text: string; edits: Edit[]; model: PlanModel } {
  const model = parsePlan(source);
  const edits = planEdits(
    model,
    { kind: 'set-status', key, status },
    { today, planners: [bookkeepingPlanner(source)] },
  );
  return { text: applyEdits(source, edits), edits, model };
}

/** Where the bookkeeping (and the item's own edit) may write: nowhere else. */
function allowedRegions(model: PlanModel, key: string, source: string): [number, number][] {
  const lineOf = (at: number): [number, number] => {
    const start = source.lastIndexOf('\n', at - 1) + 1;
    const nl = source.indexOf('\n', at);
    return [start, nl < 0 ? source.length : nl];
  };
  const item = model.items.find((i) => i.key === key)!;
  const regions: [number, number][] = [[item.lineSpan.start, item.lineSpan.end]];
  if (model.summary) regions.push(...model.summary.rows.map((r): [number, number] => lineOf(r.span.start)));
  for (const p of model.phases) if (p.statedCountSpan) regions.push(lineOf(p.statedCountSpan.start));
  if (model.lastUpdated) regions.push(lineOf(model.lastUpdated.span.start));
  if (model.progress) regions.push(lineOf(model.progress.span.start));
  if (model.log) regions.push([model.log.heading.start, model.log.end]);
  return regions;
}

/** The path and values of the first difference between two plain values, or null (small failure output
 * instead of a diff of two whole models). */
function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path}: updated ${JSON.stringify(a)?.slice(0, 200)}, parsed ${JSON.stringify(b)?.slice(0, 200)}`;
}

/** Ticks `steps` ([key index, status]) on one model, updated by offset, checking it against a fresh parse
 * after every tick. As the engine does, the edits are planned on and laid over a pieced text, never copied. */
function ticksMatchFreshParse(original: string, keys: string[], steps: [number, Status][]): void {
  let text = original;
  let view: TextView = original;
  let model = parsePlan(original);
  for (const [k, status] of steps) {
    const key = keys[k];
    if (model.items.find((i) => i.key === key)!.status === status) continue;
    const edits = planEdits(
      model,
      { kind: 'set-status', key, status },
      { today: TODAY, planners: [bookkeepingPlanner(view)] },
    );
    text = applyEdits(text, edits);
    view = PieceText.of(view, edits); // unsorted, as the tick passes them (bytesAfterEdits checked them there)
    model = modelAfterEdits(model, view, edits, new Map([[key, status]]), parsePlan);
    expect(firstDifference(model, parsePlan(text))).toBeNull();
  }
  expect(view.toString()).toBe(text);
}

function codes(model: PlanModel): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of model.diagnostics) out.set(d.code, (out.get(d.code) ?? 0) + 1);
  return out;
}

describe('bookkeeping on the seed', () => {
  it('an undone item leaves its log row, and every stated number follows the items', () => {
    const { text } = tick(seed, 'CACHE-003', 'todo');
    const m = parsePlan(text);
    expect(m.items.find((i) => i.key === 'CACHE-003')!.status).toBe('todo');
    const rows = m.summary!.rows.map((r) => [
      r.label,
      r.stated.total,
      r.stated.completed,
      r.stated.inProgress,
      r.stated.remaining,
    ]);
    expect(rows).toEqual([
      ['Phase 1 (HIGH)', 56, 55, 0, 1],
      ['Phase 2 (MEDIUM)', 41, 41, 0, 0],
      ['Phase 3 (LOW)', 31, 31, 0, 0],
      ['TOTAL', 128, 127, 0, 1],
    ]);
    expect(text).toContain('| **TOTAL** | **128** | **127** | **0** | **1** |');
    expect(m.phases.map((p) => p.statedCount)).toEqual([56, 41, 31]);
    expect(text).toContain('**Last Updated**: November 26, 2026\n');
    expect(m.progress!.percent).toBe(99);
    expect(text).toContain('| 2026-01-02 | CACHE-001, CACHE-002, CACHE-004, CACHE-005 | Implemented all 5 caching');
    expect(m.diagnostics.filter((d) => d.code === 'count-mismatch')).toEqual([]);
  });

  it('takes one ID out of a range, keeping the rest of the range as written', () => {
    const { text } = tick(seed, 'LINUX-003', 'todo');
    expect(text).toContain('| 2026-01-03 | LINUX-001 to LINUX-002, LINUX-004 to LINUX-005 | Implemented all 5 Linux');
    const row = parsePlan(text).log!.weeks[1].rows[0];
    expect(row.ids).toEqual(['LINUX-001', 'LINUX-002', 'LINUX-004', 'LINUX-005']);
  });

  it('logs a done item under a new week in the log’s own format, and done-then-undone restores the bytes', () => {
    const s1 = tick(seed, 'CACHE-003', 'todo').text;
    const s2 = tick(s1, 'CACHE-003', 'done').text;
    expect(s2).toContain(
      '| MISC-001 to MISC-010 | Implemented all 10 additional topic patterns - PHASE 3 COMPLETE! ALL PHASES DONE! |\n\n' +
        '### Week 3\n| Date | Items Completed | Notes |\n|------|-----------------|-------|\n| 2026-11-26 | CACHE-003 |  |\n\n---\n',
    );
    const log = parsePlan(s2).log!;
    expect(log.weeks.map((w) => w.title)).toEqual(['Week 1', 'Week 2', 'Week 3']);
    expect(log.weeks[2].rows[0]).toMatchObject({ date: TODAY, ids: ['CACHE-003'] });
    // A second item the same day joins today's row.
    const s3 = tick(tick(s2, 'NET-002', 'todo').text, 'NET-002', 'done').text;
    expect(s3).toContain('| 2026-11-26 | CACHE-003, NET-002 |  |\n');
    // Undone the same day: exactly the bytes before the done.
    expect(tick(s2, 'CACHE-003', 'todo').text).toBe(s1);
  });

  it('adds a row to the current week when the week is still running', () => {
    const s1 = tick(seed, 'CACHE-003', 'todo', '2026-01-05').text;
    const s2 = tick(s1, 'CACHE-003', 'done', '2026-01-05').text;
    expect(s2).toContain(
      '| 2026-01-04 | MISC-001 to MISC-010 | Implemented all 10 additional topic patterns - PHASE 3 COMPLETE! ALL PHASES DONE! |\n| 2026-01-05 | CACHE-003 |  |\n\n---',
    );
    expect(s2).toContain('**Last Updated**: January 5, 2026\n');
    expect(tick(s2, 'CACHE-003', 'todo', '2026-01-05').text).toBe(s1);
  });

  it('keeps CRLF line endings in every line it writes', () => {
    const crlf = seed.replace(/\n/g, '\r\n');
    const s1 = tick(crlf, 'CACHE-003', 'todo').text;
    const s2 = tick(s1, 'CACHE-003', 'done').text;
    expect(s2).toContain('\r\n\r\n### Week 3\r\n| Date | Items Completed | Notes |\r\n');
    expect(/[^\r]\n/.test(s2)).toBe(false);
  });

  it('credits who did it in a By/Who column where the log has one, and nowhere else', () => {
    const doc = (header: string, rule: string, row: string) =>
      '# Plan\n\n- [ ] **A-001**: one\n- [ ] **A-002**: two\n- [x] **A-003**: three\n\n## Progress Log\n\n' +
      `### Week 1\n${header}\n${rule}\n${row}\n`;
    const by = (source: string, key: string, who: string, note?: string) =>
      applyEdits(
        source,
        planEdits(
          parsePlan(source),
          { kind: 'set-status', key, status: 'done', by: who, note },
          { today: TODAY, planners: [bookkeepingPlanner(source)] },
        ),
      );
    const withBy = doc(
      '| Date | Items Completed | Notes | By |',
      '|------|-----------------|-------|----|',
      '| 2026-11-20 | A-003 |  | ann |',
    );
    const s1 = by(withBy, 'A-001', 'alice', 'first');
    expect(s1).toContain('| 2026-11-20 | A-003 |  | ann |\n| 2026-11-26 | A-001 | first | alice |\n');
    const s2 = by(s1, 'A-002', 'bob');
    expect(s2).toContain('| 2026-11-26 | A-001, A-002 | first | alice, bob |\n');
    expect(by(s2, 'A-002', 'bob')).toBe(s2);
    // `Who` and no notes column: the name goes there, the note nowhere (Who is not taken for the notes).
    const who = doc('| Date | Items | Who |', '|---|---|---|', '| 2026-11-20 | A-003 | ann |');
    expect(by(who, 'A-001', 'alice', 'a note')).toContain('| 2026-11-26 | A-001 | alice |\n');
    // No such column: the same bytes as a change without a name.
    const plainLog = doc('| Date | Items | Notes |', '|---|---|---|', '| 2026-11-20 | A-003 | x |');
    expect(by(plainLog, 'A-001', 'alice')).toBe(tick(plainLog, 'A-001', 'done').text);
    expect(parsePlan(s2).log!.weeks[0].rows[1]).toMatchObject({ ids: ['A-001', 'A-002'], notes: 'first' });
  });

  it('adds no bookkeeping a document does not keep', () => {
    const plain = '# Plan\n\n## Tasks\n\n- [ ] T001 first\n- [ ] T002 second\n';
    const { text } = tick(plain, parsePlan(plain).items[0].key, 'done');
    expect(text).toBe('# Plan\n\n## Tasks\n\n- [x] T001 first\n- [ ] T002 second\n');
    expect(
      bookkeepingEdits(plain, parsePlan(plain), new Map([[parsePlan(plain).items[0].key, 'done']]), { today: TODAY }),
    ).toEqual([]);
  });

  it('refuses a today that is no calendar date, rather than write "undefined 1, 2026"', () => {
    const seed = readFileSync(join(FIXTURES, 'seed/input.md'), 'utf8');
    const model = parsePlan(seed);
    const key = model.items[0].key;
    for (const today of ['2026-13-01', '2026-02-30', 'soon'])
      expect(() => bookkeepingEdits(seed, model, new Map([[key, 'todo']]), { today }), today).toThrow(
        `today must be a calendar date (YYYY-MM-DD), not '${today}'`,
      );
  });
});

describe('several items at once', () => {
  it('logs items completed together in document order, whatever order they were named in', () => {
    const source = generatePlan({ items: 60, seed: 3 });
    const model = parsePlan(source);
    const open = model.items.filter((i) => i.id && i.status === 'todo').slice(0, 3);
    expect(open).toHaveLength(3);
    const named = (items: typeof open) => new Map(items.map((i): [string, Status] => [i.key, 'done']));
    const forward = bookkeepingEdits(source, model, named(open), { today: TODAY });
    expect(bookkeepingEdits(source, model, named([...open].reverse()), { today: TODAY })).toEqual(forward);
    const rows = parsePlan(applyEdits(source, forward)).log!.weeks.flatMap((w) => w.rows);
    expect(rows.find((r) => r.ids.includes(open[0].id!))!.ids.slice(-3)).toEqual(open.map((i) => i.id));
  });
});

describe('log cells', () => {
  it('removes and re-adds IDs as exact inverses', () => {
    expect(removeIdFromCell('A-1, A-2, A-3', 'A-2')).toBe('A-1, A-3');
    expect(removeIdFromCell('A-1, A-2, A-3', 'A-3')).toBe('A-1, A-2');
    expect(removeIdFromCell('A-1, A-2', 'A-1')).toBe('A-2');
    expect(removeIdFromCell('A-1', 'A-1')).toBe('');
    expect(addIdToCell(removeIdFromCell('A-1, A-2, A-3', 'A-3')!, 'A-3', ', ')).toBe('A-1, A-2, A-3');
    expect(removeIdFromCell('DB-001–DB-010', 'DB-001')).toBe('DB-002–DB-010');
    expect(removeIdFromCell('DB-001–DB-003', 'DB-002')).toBe('DB-001, DB-003');
    expect(removeIdFromCell('T001-T005', 'T005')).toBe('T001-T004');
    expect(removeIdFromCell('SEC-001/002', 'SEC-001')).toBe('SEC-002');
    expect(removeIdFromCell('SEC-001/002/003', 'SEC-002')).toBe('SEC-001/003');
    expect(removeIdFromCell('X-1 (partial), X-2', 'X-1')).toBe('X-2');
    expect(removeIdFromCell('X-1, X-2', 'X-9')).toBeNull();
  });

  it('what remains of a cell expands to the other IDs, for random ranges', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 20 }), fc.nat(), (lo, len, pick) => {
        const hi = lo + len;
        const id = (n: number) => `RT-${String(n).padStart(3, '0')}`;
        const cell = `${id(lo)} to ${id(hi)}`;
        const target = id(lo + (pick % (len + 1)));
        const left = removeIdFromCell(cell, target)!;
        expect(expandIds(left)).toEqual(expandIds(cell).filter((x) => x !== target));
      }),
    );
  });
});

describe.each(documents)('random status changes on %s', (_name, original) => {
  const model0 = parsePlan(original);
  const keys = model0.items.map((i) => i.key);
  const STATUSES: Status[] = ['todo', 'done', 'in-progress', 'cancelled', 'done'];

  it.skipIf(keys.length === 0)('keeps the document consistent after every step', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: keys.length - 1 }), fc.constantFrom(...STATUSES)), {
          minLength: 1,
          maxLength: 6,
        }),
        (steps) => {
          let text = original;
          const before = codes(model0);
          const expected = new Map(model0.items.map((i) => [i.key, i.status]));
          steps.forEach(([k, status], n) => {
            const key = keys[k];
            const { text: next, edits, model } = tick(text, key, status);
            const regions = allowedRegions(model, key, text);
            for (const e of edits)
              expect(
                regions.some(([s, end]) => e.start >= s && e.end <= end),
                `edit ${JSON.stringify(e)} outside bookkeeping`,
              ).toBe(true);
            expected.set(key, status);
            const m = parsePlan(next);
            expect(new Map(m.items.map((i) => [i.key, i.status]))).toEqual(expected);
            // Stated numbers equal counted ones wherever the document states them.
            for (const row of m.summary?.rows ?? []) {
              const c = row.isTotal ? m.counts.total : row.phaseKey ? m.counts.byPhase[row.phaseKey] : null;
              if (!c) continue;
              if (row.stated.total !== null) expect(row.stated.total).toBe(c.total);
              if (row.stated.completed !== null) expect(row.stated.completed).toBe(c.done);
              if (row.stated.remaining !== null) expect(row.stated.remaining).toBe(c.remaining);
            }
            const item = m.items.find((i) => i.key === key)!;
            if (m.log && m.log.weeks.some((w) => w.rows.length) && item.id) {
              const logged = m.log.weeks.some((w) => w.rows.some((r) => r.ids.includes(item.id!)));
              if (status === 'done' && model.items.find((i) => i.key === key)!.status !== 'done')
                expect(logged).toBe(true);
              if (status !== 'done' && model.items.find((i) => i.key === key)!.status === 'done')
                expect(logged).toBe(false);
            }
            // No diagnostic kind appears that the document did not already have — but for those its own
            // `✅ COMPLETE` headings and "(All Phases Complete!)" facts earn once an item is open again (write-back
            // leaves those words).
            const falselyComplete = m.phases.filter(
              (p) => claimsDone(p.statusMarker) && m.counts.byPhase[p.key].remaining > 0,
            ).length;
            for (const [code, count] of codes(m)) {
              if (code === 'phase-marker-mismatch') expect(count).toBe(falselyComplete);
              else if (code === 'fact-claim-mismatch') expect(m.counts.total.remaining).toBeGreaterThan(0);
              else expect(count, code).toBeLessThanOrEqual(before.get(code) ?? 0);
            }
            // Done then back, the same day, from a document already written back today: the same bytes.
            // (An in-progress item written `[~]` in a `[/]` document comes back as `[/]`: the convention wins. An
            // item the log already named while not done stays named by the done, and leaves with the undone.)
            const was = model.items.find((i) => i.key === key)!;
            const loggedBefore =
              !!was.id && !!model.log?.weeks.some((w) => w.rows.some((r) => r.ids.includes(was.id!)));
            const restorable = markerFor(m, was.status) === was.marker && !loggedBefore;
            if (n > 0 && status === 'done' && was.status !== 'done' && restorable)
              expect(tick(next, key, was.status).text).toBe(text);
            text = next;
          });
        },
      ),
      { numRuns: 6 },
    );
  });

  it.skipIf(keys.length === 0)('the model updated by offset equals a fresh parse', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: keys.length - 1 }), fc.constantFrom(...STATUSES)), {
          minLength: 1,
          maxLength: 6,
        }),
        (steps) => ticksMatchFreshParse(original, keys, steps),
      ),
      { numRuns: 4 },
    );
  });
});

// The upkeep keeps a tally of markers and the items by ID between ticks of one model: a long run of ticks on
// one model must not drift from a fresh parse, tied marker majorities (document order decides) included.
describe('a long run of ticks on one model', () => {
  const STATUSES: Status[] = ['todo', 'done', 'in-progress', 'cancelled'];
  const tied = [
    '# Plan',
    '',
    '## Phase 1: Start (4 items)',
    '',
    '- [x] A1 one ✅',
    '- [X] A2 two',
    '- [ ] A3 three',
    '- [/] A4 four',
    '- [~] A5 five',
    '',
  ].join('\n');
  it.each([
    ['a generated 300-item plan', generatePlan({ items: 300, seed: 7 })],
    ['tied marker majorities', tied],
    ['the seed, mojibake throughout (kept and moved between ticks)', seed],
    ['a log naming items not done and IDs no item has', readFileSync(join(FIXTURES, 'progress-log/input.md'), 'utf8')],
  ])('stays equal to a fresh parse on %s', (_name, original) => {
    const keys = parsePlan(original).items.map((i) => i.key);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: keys.length - 1 }), fc.constantFrom(...STATUSES)), {
          minLength: 20,
          maxLength: 40,
        }),
        (steps) => ticksMatchFreshParse(original, keys, steps),
      ),
      { numRuns: 3 },
    );
  });
});
