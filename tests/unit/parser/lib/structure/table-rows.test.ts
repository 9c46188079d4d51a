// Structure changes on task-table rows (parser/lib/structure/table-rows.ts, docs/task-tables.md): on every
// table fixture, random adds, edits, moves and removes read back as asked and change only the rows concerned;
// adding then removing a row gives the original bytes back; new rows are written in the table's own layout
// (IDs, vocabulary, padding, escaped pipes, CRLF) and moves between a list and a table convert or are refused.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyStructureChanges,
  parsePlan,
  StructureError,
  type Item,
  type PlanModel,
  type StructureChange,
} from '../../../../../parser';

const fixtures = new URL('../../../../fixtures/', import.meta.url);
const tableFixtures = readdirSync(fixtures).filter((d) => d.startsWith('table-'));
const load = (name: string) => readFileSync(new URL(`${name}/input.md`, fixtures), 'utf8');
// The fixtures' Last Updated: no bookkeeping line moves unless a count does.
const today = '2026-11-20';
const DELIMITER = /^\s*\|?[\s:|-]*-[\s:|-]*\r?$/;
const apply = (text: string, changes: StructureChange[], knownIds?: string[]) =>
  applyStructureChanges(text, changes, { today, knownIds });

function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where an item stands: its section, else its phase (plans whose phases hold the tables directly). */
const placeOf = (i: Item) => i.sectionKey ?? i.phaseKey;
const view = (m: PlanModel) =>
  m.items.map((i) => JSON.stringify({ id: i.id, title: i.title, status: i.status, place: placeOf(i) })).sort();

/** Lines only in `a` and lines only in `b`, as multisets (a move shows its row once on each side). */
function lineDiff(a: string, b: string): { gone: string[]; came: string[] } {
  const count = new Map<string, number>();
  for (const l of a.split('\n')) count.set(l, (count.get(l) ?? 0) + 1);
  const came: string[] = [];
  for (const l of b.split('\n')) {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    else came.push(l);
  }
  const gone = [...count].flatMap(([l, n]) => Array<string>(n).fill(l));
  return { gone: gone.filter((l) => l.trim()), came: came.filter((l) => l.trim()) };
}

const bookkeeping = (s: string, m: PlanModel): Set<string> => {
  const out = new Set<string>();
  const add = (start: number, end: number) =>
    s
      .slice(start, end)
      .split('\n')
      .forEach((l) => out.add(l));
  if (m.lastUpdated) add(s.lastIndexOf('\n', m.lastUpdated.span.start) + 1, s.indexOf('\n', m.lastUpdated.span.end));
  if (m.summary) add(m.summary.span.start, m.summary.span.end);
  for (const p of m.phases) add(p.heading.start, p.heading.end);
  return out;
};

const lineOfItem = (s: string, i: Item) => {
  const start = s.lastIndexOf('\n', i.lineSpan.start - 1) + 1;
  const end = s.indexOf('\n', start);
  return s.slice(start, end === -1 ? s.length : end);
};

describe.each(tableFixtures)('table structure changes on %s', (name) => {
  const original = load(name);

  it('random adds, edits, moves and removes read back as asked and change only the rows concerned', () => {
    let done = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const rnd = random(seed * 104729 + name.length);
      const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
      let text = original;
      let model = parsePlan(text);
      for (let step = 0; step < 10; step++) {
        const rows = model.items.filter((i) => i.cell);
        const places = [...new Set(model.items.map(placeOf).filter((p): p is string => p !== null))];
        if (!places.length) return;
        const n = `${seed}.${step}`;
        const roll = rnd();
        let change: StructureChange;
        if (roll < 0.3 || !rows.length) change = { kind: 'add-item', section: pick(places), title: `Row ${n} | piped` };
        else if (roll < 0.45) change = { kind: 'edit-item', key: pick(rows).key, title: `Renamed \`a | b\` ${n}` };
        else if (roll < 0.75) {
          const to = pick(places);
          const there = model.items.filter((i) => placeOf(i) === to && i.depth === 0);
          const after = rnd() < 0.5 && there.length ? pick(there).key : undefined;
          change = { kind: 'move-item', key: pick(rows).key, section: to, after };
        } else change = { kind: 'remove-item', key: pick(rows).key };

        let result;
        try {
          result = applyStructureChanges(text, [change], { today, model });
        } catch (error) {
          // Only a move between a list and a table may be refused (a description has no cell …), with the reason.
          expect(error, JSON.stringify(change)).toBeInstanceOf(StructureError);
          expect(change.kind, (error as Error).message).toBe('move-item');
          continue;
        }
        done++;
        const after = result.model;
        expect(after).toEqual(parsePlan(result.text));
        const outcome = result.outcomes[0];
        const touched = 'key' in change ? model.items.find((i) => i.key === change.key)! : null;
        const want = model.items
          .filter((i) => change.kind !== 'remove-item' || i.key !== touched!.key)
          .map((i) => {
            const o = { id: i.id, title: i.title, status: i.status, place: placeOf(i) };
            if (i.key !== touched?.key) return o;
            if (change.kind === 'edit-item') return { ...o, title: change.title! };
            if (change.kind === 'move-item') return { ...o, place: change.section! };
            return o;
          });
        if (change.kind === 'add-item') {
          want.push({ id: outcome.id, title: change.title, status: 'todo', place: change.section! });
        }
        expect(view(after), `${name} ${JSON.stringify(change)}`).toEqual(want.map((o) => JSON.stringify(o)).sort());

        // Only the touched row's line (gone and come), a table header made or taken with it, and bookkeeping.
        const { gone, came } = lineDiff(text, result.text);
        const ok = new Set([...bookkeeping(text, model), ...bookkeeping(result.text, after)]);
        const landed = outcome.key ? after.items.find((i) => i.key === outcome.key) : undefined;
        // A header row goes or comes only with a table made or taken away whole.
        const header = (s: string) =>
          new Set(s.split('\n').filter((l, k, all) => DELIMITER.test(all[k + 1] ?? '') && l.includes('|')));
        const headersBefore = header(text);
        const headersAfter = header(result.text);
        const strayGone = gone.filter(
          (l) =>
            !ok.has(l) &&
            l !== (touched ? lineOfItem(text, touched) : null) &&
            !headersBefore.has(l) &&
            !DELIMITER.test(l),
        );
        const strayCame = came.filter(
          (l) =>
            !ok.has(l) &&
            l !== (landed ? lineOfItem(result.text, landed) : null) &&
            !headersAfter.has(l) &&
            !DELIMITER.test(l),
        );
        expect([...strayGone, ...strayCame], `${name} seed ${seed} ${JSON.stringify(change)}`).toEqual([]);
        text = result.text;
        model = after;
      }
    }
    expect(done).toBeGreaterThan(20);
  });

  it('adding a row and removing it again gives the original bytes back', () => {
    const model = parsePlan(original);
    const places = [...new Set(model.items.filter((i) => i.cell).map(placeOf))].filter((p) => p !== null);
    for (const place of places) {
      const added = applyStructureChanges(original, [{ kind: 'add-item', section: place, title: 'Probe | one' }], {
        today,
        model,
      });
      const key = added.outcomes[0].key!;
      const back = applyStructureChanges(added.text, [{ kind: 'remove-item', key }], {
        today,
        model: added.model,
      });
      expect(back.text, `${name} ${place}`).toBe(original);
    }
  });
});

describe('a new row in the table’s own style', () => {
  it('takes the next free ID of its prefix, the box, the title column and empty other cells', () => {
    const source = load('table-phases');
    const r = apply(source, [{ kind: 'add-item', section: 'phase-a', title: 'Archive old rows' }], ['A6']);
    expect(r.outcomes[0].id).toBe('A7');
    expect(r.text).toContain(
      '| A3 | [/] | Nightly refresh job | jobs/refresh.py | Runs at 02:00 |\n| A7 | [ ] | Archive old rows | | |\n',
    );
  });

  it('writes the status in the legend’s vocabulary, padded to an aligned table’s columns', () => {
    const source = load('table-status-legend');
    const r = apply(source, [
      { kind: 'add-item', section: 'phase-1', title: 'Pin dependencies', status: 'cancelled' },
      { kind: 'add-item', section: 'phase-1', title: 'Audit the logs', status: 'in-progress' },
    ]);
    expect(r.text).toContain(
      '| SEC-004 | Hardware security module    | infra.tf | ⏸️ DEFERRED    | Next budget year |\n' +
        '| SEC-007 | Pin dependencies            |          | ⏸️ DEFERRED    |                  |\n' +
        // Wider than its column: only its own row's pipe moves.
        '| SEC-008 | Audit the logs              |          | 🔄 IN PROGRESS |                  |\n',
    );
  });

  it('keeps CRLF and escapes pipes, inline code included, so the title reads back', () => {
    const crlf = load('table-crlf');
    const r = apply(crlf, [{ kind: 'add-item', section: 'phase-1', title: 'Run `a | b` nightly' }]);
    expect(r.text).toContain('| MIG-05 | Run `a \\| b` nightly  | ⬜ TODO        |\r\n');
    expect(r.text.replace(/\r\n/g, '').includes('\n')).toBe(false);
    expect(r.model.items.find((i) => i.id === 'MIG-05')!.title).toBe('Run `a | b` nightly');

    const pipes = load('table-pipes').replace('\n| Step', '\n## Tools\n\n| Step');
    const p = apply(pipes, [{ kind: 'add-item', section: 'tools', title: 'x | y' }]);
    expect(p.text).toContain('| T-4 | Cancelled | Use a literal \\| in a title | Di |\n| T-5 | Todo | x \\| y | |\n');
  });

  it('puts the title after the box when the table writes it there', () => {
    const source = '## Chores\n\n| Task | Owner |\n|------|-------|\n| [ ] Write docs | Ann |\n| [x] Ship it | Bob |\n';
    const r = apply(source, [{ kind: 'add-item', section: 'chores', title: 'Tidy up', status: 'done' }]);
    expect(r.text).toBe(`${source}| [x] Tidy up | |\n`);
  });

  it('pads right-aligned columns on the left, as their rows do', () => {
    const source =
      '## Work\n\n| ID  |   Est | Task       | Status |\n| --- | ----: | ---------- | ------ |\n| W-1 |    3h | Plan it    | DONE   |\n';
    const r = apply(source, [{ kind: 'add-item', section: 'work', title: 'Do it' }]);
    expect(r.text.split('\n')[5]).toBe('| W-2 |       | Do it      | TODO   |');
  });

  it('starts a table with the nearest table’s header in a section without items, and takes it away again', () => {
    const source = load('table-phases') + '\n### Phase C — Reports (Week 3)\n';
    const r = apply(source, [{ kind: 'add-item', section: 'phase-c', title: 'Monthly report' }]);
    expect(
      r.text.endsWith(
        '### Phase C — Reports (Week 3)\n\n| ID | Done | Task | Files | Acceptance |\n|----|------|------|-------|------------|\n| B3 | [ ] | Monthly report | | |\n',
      ),
    ).toBe(true);
    expect(r.model.items.find((i) => i.id === 'B3')!.phaseKey).toBe('phase-c');
    const back = apply(r.text, [{ kind: 'remove-item', key: 'B3' }]);
    expect(back.text).toBe(source);
  });

  it('refuses a description and an ID for a table without an ID column, saying what to do', () => {
    const source = load('table-phases');
    expect(() => apply(source, [{ kind: 'add-item', section: 'phase-a', title: 'X', description: 'why' }])).toThrow(
      /A table row has no description/,
    );
    const noIds = '## Chores\n\n| Task | Status |\n|---|---|\n| Write docs | TODO |\n';
    expect(() => apply(noIds, [{ kind: 'add-item', section: 'chores', title: 'X', id: 'C-1' }])).toThrow(
      /has no ID column; leave the ID out/,
    );
    expect(apply(noIds, [{ kind: 'add-item', section: 'chores', title: 'Ship' }]).text).toBe(
      `${noIds}| Ship | TODO |\n`,
    );
  });
});

describe('editing, moving and removing rows', () => {
  it('edits only the title cell, keeping bold and an aligned column’s pipe', () => {
    const legend = load('table-status-legend');
    const r = apply(legend, [{ kind: 'edit-item', key: 'SEC-003', title: 'Add gitleaks to CI' }]);
    expect(lineDiff(legend, r.text)).toEqual({
      gone: ['| SEC-003 | Add a secrets scanner to CI | ci.yml   | ⬜ TODO        | gitleaks         |'],
      came: ['| SEC-003 | Add gitleaks to CI          | ci.yml   | ⬜ TODO        | gitleaks         |'],
    });
    const phases = load('table-phases');
    const b = apply(phases, [{ kind: 'edit-item', key: 'A1', title: 'Add a | revenue column' }]);
    expect(b.text).toContain('| A1 | [x] | **Add a \\| revenue column** | New migration | Columns exist |');
    expect(() => apply(phases, [{ kind: 'edit-item', key: 'A1', description: 'why' }])).toThrow(/no description/);
    // A cell has no description to mistake " - " for: the title keeps it.
    const dash = apply(phases, [{ kind: 'edit-item', key: 'A2', title: 'Backfill - all years' }]);
    expect(dash.model.items.find((i) => i.id === 'A2')!.title).toBe('Backfill - all years');
  });

  it('moves up and down within a table and to another table by the header names', () => {
    const source = load('table-phases');
    const up = apply(source, [{ kind: 'move-item', key: 'A3', section: 'phase-a', after: 'A1' }]);
    // The same lines in another order: the row moved, nothing else changed.
    expect(lineDiff(source, up.text)).toEqual({ gone: [], came: [] });
    expect(up.model.items.map((i) => i.id)).toEqual(['A1', 'A3', 'A2', 'B1', 'B2']);

    const legend = load('table-status-legend');
    const r = apply(legend, [{ kind: 'move-item', key: 'SEC-002', section: 'phase-2' }]);
    expect(r.text).toContain(
      '| SEC-006 | Rate-limit the login endpoint | login.py | ✅ DONE    |                |\n' +
        '| SEC-002 | Encrypt the session cookie    | auth.py  | 🔄 IN PROGRESS |                |\n',
    );
    const other = '## Phase 3: Later\n\n| ID | Task | Status |\n|----|------|--------|\n| SEC-100 | Park it | TODO |\n';
    expect(() => apply(`${legend}\n${other}`, [{ kind: 'move-item', key: 'SEC-001', section: 'phase-3' }])).toThrow(
      /SEC-001's File, Notes cells have no column in the table at line \d+; add the column there first/,
    );
  });

  it('converts between a list and a table when nothing would be lost, and refuses with the reason otherwise', () => {
    const mixed = load('table-mixed');
    const toList = apply(mixed, [{ kind: 'move-item', key: 'UI-002', section: 'phase-1' }]);
    expect(toList.text).toContain(
      '- [ ] **API-002**: Paginate the orders endpoint\n- [ ] **UI-002**: Order detail drawer\n',
    );
    const toTable = apply(mixed, [{ kind: 'move-item', key: 'API-001', section: 'phase-2', after: 'UI-001' }]);
    expect(toTable.text).toContain(
      '| UI-001 | Orders page | ✅ Done |\n| API-001 | Create the orders endpoint | ✅ Done |\n',
    );
    expect(toTable.model.items.find((i) => i.id === 'API-001')!.cell).toBeTruthy();

    const withDescription = mixed.replace('Paginate the orders endpoint', 'Paginate - cursor based');
    expect(() =>
      apply(withDescription, [{ kind: 'move-item', key: 'API-002', section: 'phase-2', after: 'UI-001' }]),
    ).toThrow(/API-002 has a description, which a table row has no place for/);
    const legend = load('table-status-legend') + '\n## Phase 3: Later\n\n- [ ] **SEC-009**: Review\n';
    expect(() => apply(legend, [{ kind: 'move-item', key: 'SEC-001', section: 'phase-3' }])).toThrow(
      /SEC-001 is a table row whose File, Notes cells a list item has no place for/,
    );
  });

  it('removes a row by its line, and the last row with its table', () => {
    const source = load('table-phases');
    const r = apply(source, [{ kind: 'remove-item', key: 'A2' }]);
    expect(lineDiff(source, r.text)).toEqual({
      gone: ['| A2 | [ ] | Backfill revenue for 2025 | scripts/backfill.py | Totals match finance |'],
      came: [],
    });
    const one = '# P\n\n## Work\n\n| ID | Task | Status |\n|----|------|--------|\n| W-1 | Only | TODO |\n\n## Next\n';
    expect(apply(one, [{ kind: 'remove-item', key: 'W-1' }]).text).toBe('# P\n\n## Work\n\n## Next\n');
  });

  it('cancels a row in the table’s vocabulary, one cell', () => {
    const source = load('table-crlf');
    const r = apply(source, [{ kind: 'set-status', key: 'MIG-02', status: 'cancelled' }]);
    expect(lineDiff(source, r.text)).toEqual({
      gone: ['| MIG-02 | Add the invoices view | ⬜ TODO        |\r'],
      came: ['| MIG-02 | Add the invoices view | ⏸️ DEFERRED    |\r'],
    });
  });
});
