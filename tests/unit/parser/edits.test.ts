// Set-status edits on every fixture: only the item's line changes, the status character follows the
// document's conventions, the trailing check follows the document's habit, and there-and-back is identical.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  EditConflictError,
  parsePlan,
  planEdits,
  STATUSES,
  UnknownItemError,
  type Item,
  type PlanModel,
  type Status,
} from '../../../parser';

const fixtures = new URL('../../fixtures/', import.meta.url);
const files = [
  ...readdirSync(fixtures)
    .filter((c) => existsSync(new URL(`${c}/input.md`, fixtures)))
    .map((c) => `${c}/input.md`),
  ...['public-plans', 'dd-sdlc-ai'].flatMap((d) =>
    readdirSync(new URL(`corpus/${d}/`, fixtures)).map((f) => `corpus/${d}/${f}`),
  ),
];

const set = (source: string, model: PlanModel, key: string, status: Status, today?: string) =>
  applyEdits(source, planEdits(model, { kind: 'set-status', key, status }, { today }));

/** Whether an item is written the way its document writes that status (so a round trip can restore it). */
function conventional(model: PlanModel, item: Item): boolean {
  const c = model.conventions;
  // A task-table row spelled in words is conventional when it is spelled as the document spells its status.
  if (item.cell?.kind === 'word') return item.marker === c.statusWords?.[item.status];
  const expectedMarker = { done: c.doneMarker, 'in-progress': c.inProgressMarker, cancelled: '-', todo: ' ' }[
    item.status
  ];
  if (item.marker !== expectedMarker) return false;
  if (!c.checkOnDone || item.cell) return true;
  return item.status === 'done' ? item.check != null : item.check == null;
}

function sameConventions(a: PlanModel, b: PlanModel): boolean {
  return JSON.stringify(a.conventions) === JSON.stringify(b.conventions);
}

function changedLines(a: string, b: string): number[] {
  const x = a.split('\n');
  const y = b.split('\n');
  expect(y.length).toBe(x.length);
  return x.flatMap((line, i) => (line === y[i] ? [] : [i + 1]));
}

describe.each(files)('set-status on %s', (file) => {
  const source = readFileSync(new URL(file, fixtures), 'utf8');
  const model = parsePlan(source);

  it('applying no edit returns identical bytes', () => {
    expect(applyEdits(source, [])).toBe(source);
  });

  it('every item to every other status touches only its line', () => {
    for (const item of model.items) {
      for (const status of STATUSES) {
        if (status === item.status) continue;
        expect(changedLines(source, set(source, model, item.key, status))).toEqual([item.line]);
      }
    }
  }, 300_000);

  it('setting an item to another status and back restores the bytes', () => {
    let roundTrips = 0;
    // Re-parsing after every change is what makes this test slow; big documents get an even sample.
    const step = Math.max(1, Math.ceil(model.items.length / 24));
    for (const item of model.items.filter((_, i) => i % step === 0)) {
      for (const status of STATUSES) {
        if (status === item.status) continue;
        const changed = set(source, model, item.key, status, item.textDoneDate ?? undefined);
        const after = parsePlan(changed);
        const moved = after.items.find((i) => i.key === item.key)!;
        expect(moved.status).toBe(status);
        expect(after.items.length).toBe(model.items.length);
        const back = set(changed, after, item.key, item.status, item.textDoneDate ?? undefined);
        // Conventions are read from the document: when the change removed their last example (the only
        // checked item) or broke a tie, the way back follows the changed document, on the same line.
        if (conventional(model, item) && sameConventions(model, after)) {
          expect(back).toBe(source);
          roundTrips++;
        } else {
          expect(changedLines(source, back)).toEqual(back === source ? [] : [item.line]);
        }
      }
    }
    if (model.items.length) expect(roundTrips).toBeGreaterThan(0);
  }, 300_000);
});

describe('set-status follows the document', () => {
  const load = (name: string) => readFileSync(new URL(`${name}/input.md`, fixtures), 'utf8');

  it('writes X where the document uses X, ~ where it uses ~', () => {
    const source = load('star-upper-x');
    const m = parsePlan(source);
    expect(set(source, m, 'UP-003', 'done')).toContain('* [X] **UP-003**: Not yet\n');
    const st = load('statuses');
    expect(set(st, parsePlan(st), 'ST-001', 'in-progress')).toContain('- [~] **ST-001**: todo\n');
    expect(set(st, parsePlan(st), 'ST-001', 'cancelled')).toContain('- [-] **ST-001**: todo\n');
  });

  it('adds and removes the trailing check in the document’s exact form, dated when the document dates it', () => {
    const crlf = load('crlf');
    expect(set(crlf, parsePlan(crlf), 'SET-002', 'done')).toContain('- [x] **SET-002**: Configure editor ✅  \r\n');
    expect(set(crlf, parsePlan(crlf), 'SET-001', 'todo')).toContain('- [ ] **SET-001**: Install tools\r\n');
    const dated = load('dated-checks');
    expect(set(dated, parsePlan(dated), 'D-003', 'done', '2026-11-26')).toContain(
      '- [x] **D-003**: third ✅ 2026-11-26\n',
    );
    expect(set(dated, parsePlan(dated), 'D-001', 'todo')).toContain('- [ ] **D-001**: first\n');
    const seed = readFileSync(new URL('seed/input.md', fixtures), 'utf8');
    const seedModel = parsePlan(seed);
    const edits = planEdits(seedModel, { kind: 'set-status', key: 'AI-001', status: 'in-progress' });
    expect(edits).toEqual([
      {
        start: seedModel.items.find((i) => i.key === 'AI-001')!.statusSpan.start,
        end: expect.any(Number),
        expect: 'x',
        text: '/',
      },
      expect.objectContaining({ expect: ' âœ…', text: '' }),
    ]);
  });

  it('does not touch a document whose done items carry no check', () => {
    const source = load('statuses');
    const m = parsePlan(source);
    expect(planEdits(m, { kind: 'set-status', key: 'ST-001', status: 'done' })).toHaveLength(1);
    expect(planEdits(m, { kind: 'set-status', key: 'ST-002', status: 'done' })).toEqual([]);
  });

  it('refuses edits whose expected text moved, and overlapping edits, changing nothing', () => {
    const source = load('statuses');
    const m = parsePlan(source);
    const edits = planEdits(m, { kind: 'set-status', key: 'ST-002', status: 'todo' });
    const moved = 'X' + source;
    expect(() => applyEdits(moved, edits)).toThrow(EditConflictError);
    try {
      applyEdits(moved, edits);
    } catch (e) {
      expect((e as EditConflictError).found).toBe(moved.slice(edits[0].start, edits[0].end));
      expect((e as Error).message).toMatch(/expected "x"/);
    }
    expect(() =>
      applyEdits(source, [
        { start: 0, end: 4, expect: '# St', text: '' },
        { start: 2, end: 6, expect: 'St', text: '' },
      ]),
    ).toThrow(EditConflictError);
    expect(() => applyEdits(source, [{ start: source.length, end: source.length + 1, expect: '', text: 'x' }])).toThrow(
      EditConflictError,
    );
  });

  it('applies several edits from the highest offset down, whatever their order', () => {
    const edits = [
      { start: 0, end: 1, expect: 'a', text: 'AA' },
      { start: 4, end: 5, expect: 'e', text: '' },
      { start: 2, end: 2, expect: '', text: '+' },
    ];
    expect(applyEdits('abcde', edits)).toBe('AAb+cd');
    expect(applyEdits('abcde', [...edits].reverse())).toBe('AAb+cd');
  });

  it('throws UnknownItemError for a key the model does not hold', () => {
    const m = parsePlan(load('statuses'));
    expect(() => planEdits(m, { kind: 'set-status', key: 'NOPE-1', status: 'done' })).toThrow(UnknownItemError);
  });

  it('runs extra planners after the item edits (for document bookkeeping)', () => {
    const source = load('statuses');
    const m = parsePlan(source);
    const edits = planEdits(
      m,
      { kind: 'set-status', key: 'ST-001', status: 'done' },
      {
        today: '2026-11-26',
        planners: [
          ({ edits: before, today }) => [
            { start: source.length, end: source.length, expect: '', text: `<!-- ${before.length} ${today} -->\n` },
          ],
        ],
      },
    );
    expect(applyEdits(source, edits).endsWith('<!-- 1 2026-11-26 -->\n')).toBe(true);
  });
});
