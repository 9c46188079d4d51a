// Task tables (parser/lib/task-tables.ts, docs/task-tables.md): which tables are read as items, how their
// statuses map, and write-back that changes exactly one cell — in the document's own vocabulary, keeping an
// aligned column's pipes where they stand — and comes back byte for byte.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  parsePlan,
  planEdits,
  STATUS_EMOJI,
  STATUS_WORDS,
  STATUSES,
  type PlanModel,
  type Status,
} from '../index';

const fixtures = new URL('../../tests/fixtures/', import.meta.url);
const load = (name: string) => readFileSync(new URL(`${name}/input.md`, fixtures), 'utf8');
const tableFixtures = readdirSync(fixtures).filter((c) => c.startsWith('table-'));

const set = (source: string, model: PlanModel, key: string, status: Status) =>
  applyEdits(source, planEdits(model, { kind: 'set-status', key, status }));

/** Split into rows and cells the way GFM does (escaped pipes stay inside their cell). */
const cellsOf = (line: string) => line.split(/(?<!\\)\|/);

/** The [line, cell] pairs that differ between two texts of the same line count. */
function changedCells(a: string, b: string): [number, number][] {
  const x = a.split(/\r?\n/);
  const y = b.split(/\r?\n/);
  expect(y.length).toBe(x.length);
  const out: [number, number][] = [];
  x.forEach((line, i) => {
    if (line === y[i]) return;
    const ca = cellsOf(line);
    const cb = cellsOf(y[i]);
    expect(cb.length).toBe(ca.length);
    ca.forEach((c, k) => {
      if (c !== cb[k]) out.push([i + 1, k]);
    });
  });
  return out;
}

describe.each(tableFixtures)('task-table write-back on %s', (name) => {
  const source = load(name);
  const model = parsePlan(source);
  const rows = model.items.filter((i) => i.cell);

  it('every status change on every row is a one-cell diff that keeps the line endings', () => {
    for (const item of rows) {
      const column = cellsOf(source.slice(item.lineSpan.start, item.statusSpan.start)).length - 1;
      for (const status of STATUSES) {
        if (status === item.status) continue;
        const after = set(source, model, item.key, status);
        expect(changedCells(source, after)).toEqual([[item.line, column]]);
        expect((after.match(/\r\n/g) ?? []).length).toBe((source.match(/\r\n/g) ?? []).length);
        expect(parsePlan(after).items.find((i) => i.key === item.key)!.status).toBe(status);
      }
    }
  });

  it('a change there and back is byte-exact for rows spelled the document’s way', () => {
    let exact = 0;
    for (const item of rows) {
      const spelled = item.cell!.kind === 'checkbox' || item.marker === model.conventions.statusWords![item.status];
      for (const status of STATUSES) {
        if (status === item.status) continue;
        const after = set(source, model, item.key, status);
        const reparsed = parsePlan(after);
        const back = set(after, reparsed, item.key, item.status);
        // The vocabulary is read from the document: when the change removed the last row spelling a status
        // the legend does not give, the way back uses the default spelling (still on that one cell).
        const sameWords =
          JSON.stringify(reparsed.conventions.statusWords) === JSON.stringify(model.conventions.statusWords);
        if (spelled && sameWords && item.marker !== 'X') {
          expect(back).toBe(source);
          exact++;
        } else expect(changedCells(source, back).length).toBeLessThanOrEqual(1);
      }
    }
    if (rows.length) expect(exact).toBeGreaterThan(0);
  });
});

describe('task tables', () => {
  it('keeps an aligned column’s width, variation selectors counted as emoji width', () => {
    const source = load('table-status-legend');
    const m = parsePlan(source);
    expect(set(source, m, 'SEC-003', 'done')).toContain(
      '| SEC-003 | Add a secrets scanner to CI | ci.yml   | ✅ DONE        | gitleaks         |\n',
    );
    expect(set(source, m, 'SEC-001', 'cancelled')).toContain(
      '| SEC-001 | Move API keys to env vars   | app.py   | ⏸️ DEFERRED    | Rotated the keys |\n',
    );
    // Wider than the column: one space before the pipe, the rest of the table untouched.
    expect(set(source, m, 'SEC-006', 'in-progress')).toContain(
      '| SEC-006 | Rate-limit the login endpoint | login.py | 🔄 IN PROGRESS |                |\n',
    );
  });

  it('keeps an unaligned cell’s padding and writes the document’s own words', () => {
    const source = load('table-pipes');
    const m = parsePlan(source);
    expect(set(source, m, 'T-2', 'done')).toContain('| T-2 | Done | Document the `a \\| b` operator | Bob |\n');
    expect(set(source, m, 'T-1', 'in-progress')).toContain('| T-1 | In progress | Pipe logs');
    const mixed = load('table-mixed');
    const mm = parsePlan(mixed);
    expect(set(mixed, mm, 'UI-002', 'done')).toContain('| UI-002 | Order detail drawer | ✅ Done |\n');
    // A row spelling no status of the table's own gets the default in the table's style.
    expect(set(mixed, mm, 'UI-002', 'in-progress')).toContain('| UI-002 | Order detail drawer | 🔄 In progress |\n');
    // List items in the same document keep their own convention: the trailing ✅.
    expect(set(mixed, mm, 'API-002', 'done')).toContain('- [x] **API-002**: Paginate the orders endpoint ✅\n');
  });

  it('writes `[x]` ⇄ `[ ]` in a checkbox column, with no trailing check', () => {
    const source = load('table-phases');
    const m = parsePlan(source);
    expect(set(source, m, 'A2', 'done')).toContain(
      '| A2 | [x] | Backfill revenue for 2025 | scripts/backfill.py | Totals match finance |\n',
    );
    expect(m.items.map((i) => [i.key, i.title, i.phaseKey])).toEqual([
      ['A1', 'Add a revenue column', 'phase-a'],
      ['A2', 'Backfill revenue for 2025', 'phase-a'],
      ['A3', 'Nightly refresh job', 'phase-a'],
      ['B1', 'Revenue chart', 'phase-b'],
      ['B2', 'Export to CSV', 'phase-b'],
    ]);
    expect(m.phases.map((p) => p.name)).toEqual(['Data (Week 1)', 'Views (Week 2)']);
  });

  it('reads CRLF tables, the legend as a table, and spans that stop before the \\r', () => {
    const source = load('table-crlf');
    const m = parsePlan(source);
    expect(m.conventions.statusLegend).toEqual({ done: '✅ DONE', 'in-progress': '🔄 IN PROGRESS', todo: '⬜ TODO' });
    for (const item of m.items) expect(source.slice(item.lineSpan.start, item.lineSpan.end)).not.toMatch(/[\r\n]/);
    expect(set(source, m, 'MIG-02', 'done')).toContain('| MIG-02 | Add the invoices view | ✅ DONE        |\r\n');
  });

  it('titles unescape `\\|`, inline code included', () => {
    const m = parsePlan(load('table-pipes'));
    expect(m.items.map((i) => i.title)).toEqual([
      'Pipe logs through `grep err | sort`',
      'Document the `a | b` operator',
      'Replace `cat x | wc -l` with `wc -l x`',
      'Use a literal | in a title',
    ]);
  });

  it('leaves registers, gap analyses, summaries and unknown vocabularies alone', () => {
    const m = parsePlan(load('table-not-tasks'));
    expect(m.items.map((i) => i.key)).toEqual(['REV-001']);
    expect(m.diagnostics.map((d) => d.code)).toEqual(['checkbox-in-table']);
  });

  it('reports unknown status words with line and column, in rows and in the legend', () => {
    const m = parsePlan(load('table-unknown-status'));
    expect(m.items.map((i) => i.key)).toEqual(['R-1']);
    expect(m.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['unknown-status', 6, 3],
      ['unknown-status', 11, 21],
      ['unknown-status', 12, 24],
      ['missing-status', 13, 1],
    ]);
    expect(m.diagnostics[1].message).toContain('"🧪 TESTING"');
  });

  it('reads bare signs by the document’s legend, which outranks the vocabulary’s emoji', () => {
    const source = load('table-legend-signs');
    const m = parsePlan(source);
    // ⏸️ is cancelled in the vocabulary; this legend says "On hold", which is todo.
    expect(m.items.map((i) => [i.id, i.status])).toEqual([
      ['M1', 'done'],
      ['M2', 'in-progress'],
      ['M3', 'todo'],
      ['M4', 'todo'],
    ]);
    const unknown = m.diagnostics.find((d) => d.code === 'unknown-status')!;
    expect([unknown.line, unknown.column]).toEqual([18, 47]);
    expect(unknown.message).toContain('"🟣" is not a status Tickmark knows');
    expect(unknown.message).toContain('write one of 🔴 Not started, 🟡 In progress, 🟢 Done');
    // A tick writes the bare sign in the centred cell, the pipe where it stood.
    expect(set(source, m, 'M3', 'done')).toContain('| M3 | Privacy questionnaire      |       |   🟢   |\n');
    // Without the legend the signs are unknown (each a diagnostic) and ⏸️ is the vocabulary's cancelled.
    const noLegend = parsePlan(source.replace(/## Legend[\s\S]*?(?=## Phase)/, ''));
    expect(noLegend.items.map((i) => [i.id, i.status])).toEqual([['M4', 'cancelled']]);
    expect(noLegend.diagnostics.filter((d) => d.code === 'unknown-status').length).toBe(4);
  });

  it('maps the documented vocabulary, and only it', () => {
    // A Status column is a task table when one of its values is a known status; X-1 is the case.
    const row = (status: string) =>
      parsePlan(`| ID | Task | Status |\n|---|---|---|\n| X-0 | t | Done |\n| X-1 | t | ${status} |\n`);
    const cases: [string, Status | null][] = [
      ['✅ DONE', 'done'],
      ['**Complete**', 'done'],
      ['✅', 'done'],
      ['🔄 IN PROGRESS', 'in-progress'],
      ['In-Progress (60%)', 'in-progress'],
      ['WIP', 'in-progress'],
      ['⬜ TODO', 'todo'],
      ['Not started', 'todo'],
      ['❌ BLOCKED', 'todo'],
      ['⏸️ DEFERRED', 'cancelled'],
      ['⏸ Deferred', 'cancelled'],
      ["Won't fix", 'cancelled'],
      ['✅ Verified', 'done'],
      ['❌', null],
      ['Maybe', null],
    ];
    for (const [text, status] of cases) {
      const m = row(text);
      expect([text, m.items.find((i) => i.id === 'X-1')?.status ?? null]).toEqual([text, status]);
      if (status === null) expect(m.diagnostics.map((d) => d.code)).toContain('unknown-status');
    }
    // With no known value at all, a Status column is someone else's vocabulary: no items, no diagnostics.
    const foreign = parsePlan('| API | Status |\n|---|---|\n| v1 | Deprecated |\n| v2 | Stable |\n');
    expect([foreign.items, foreign.diagnostics]).toEqual([[], []]);
  });

  it('gives the same model with the whole-document strategy and with the smallest pieces', () => {
    for (const name of tableFixtures) {
      const source = load(name);
      const fast = parsePlan(source, { minPiece: 1, reuse: false });
      expect(parsePlan(source, { strategy: 'whole' })).toEqual(fast);
    }
  });

  it('maps exactly the vocabulary docs/task-tables.md documents', () => {
    const doc = readFileSync(new URL('../../docs/task-tables.md', import.meta.url), 'utf8');
    const words: Record<string, Status> = {};
    const emoji: Record<string, Status> = {};
    for (const line of doc.split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      const status = cells[1] as Status;
      if (!STATUSES.includes(status)) continue;
      for (const w of cells[2].split(', ')) words[w] = status;
      for (const e of cells[3].split(/\s+/)) emoji[e] = status;
    }
    expect(words).toEqual(STATUS_WORDS);
    expect(emoji).toEqual(STATUS_EMOJI);
  });

  it('reads no table of the corpus as a task table: their tables are summaries, logs and gap analyses', () => {
    for (const dir of ['public-plans', 'dd-sdlc-ai']) {
      for (const f of readdirSync(new URL(`corpus/${dir}/`, fixtures))) {
        const m = parsePlan(readFileSync(new URL(`corpus/${dir}/${f}`, fixtures), 'utf8'));
        expect([f, m.items.filter((i) => i.cell).length]).toEqual([f, 0]);
        expect(m.diagnostics.filter((d) => d.code === 'unknown-status')).toEqual([]);
      }
    }
  });
});
