// Hand-written fixtures (tests/fixtures/<case>/input.md + expected.json): CRLF, BOM, tabs, `* [X]`,
// numbered checkboxes, nesting, front matter, code fences, statuses, table cells, ID styles, progress log.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlan, type PlanModel } from '../../../parser';
import { offsetViolations } from '../../helpers/parser-invariants';

const root = new URL('../../fixtures/', import.meta.url);
const cases = readdirSync(root).filter((c) => existsSync(new URL(`${c}/expected.json`, root)));

interface Expected {
  items: [string | null, string, string, (string | null)?][];
  keys?: string[];
  phases?: string[];
  sections?: string[];
  title?: string;
  bullets?: string[];
  depths?: number[];
  optional?: string[];
  headings?: number;
  counts?: Record<string, number>;
  doneDates?: Record<string, string | null>;
  conventions?: Partial<PlanModel['conventions']>;
  diagnostics: string[];
}

describe.each(cases)('fixture %s', (name) => {
  const source = readFileSync(new URL(`${name}/input.md`, root), 'utf8');
  const expected = JSON.parse(readFileSync(new URL(`${name}/expected.json`, root), 'utf8')) as Expected;
  const model = parsePlan(source);

  it('reads the expected items: id, status, marker (and parent)', () => {
    expect(model.items.map((i) => [i.id, i.status, i.marker])).toEqual(expected.items.map((e) => e.slice(0, 3)));
    const withParents = expected.items.filter((e) => e.length > 3);
    if (withParents.length) {
      expect(
        model.items.map((i) => (i.parentKey === null ? null : model.items.find((p) => p.key === i.parentKey)!.id)),
      ).toEqual(expected.items.map((e) => e[3]));
    }
  });

  it('reads the expected structure and conventions', () => {
    if (expected.keys) expect(model.items.map((i) => i.key)).toEqual(expected.keys);
    if (expected.phases) expect(model.phases.map((p) => p.key)).toEqual(expected.phases);
    if (expected.sections) expect(model.sections.map((s) => s.key)).toEqual(expected.sections);
    if (expected.title) expect(model.title).toBe(expected.title);
    if (expected.bullets) expect(model.items.map((i) => i.bullet)).toEqual(expected.bullets);
    if (expected.depths) expect(model.items.map((i) => i.depth)).toEqual(expected.depths);
    if (expected.optional) expect(model.items.filter((i) => i.optional).map((i) => i.id)).toEqual(expected.optional);
    if (expected.counts) expect(model.counts.total).toEqual(expected.counts);
    if (expected.doneDates)
      expect(Object.fromEntries(model.items.map((i) => [i.id, i.doneDate]))).toEqual(expected.doneDates);
    if (expected.conventions) expect(model.conventions).toMatchObject(expected.conventions);
  });

  it('reports exactly the expected kinds of diagnostics', () => {
    expect([...new Set(model.diagnostics.map((d) => d.code))].sort()).toEqual(expected.diagnostics);
  });

  it('points every offset at the text it claims', () => {
    expect(offsetViolations(source, model)).toEqual([]);
  });

  it('gives the same model with the whole-document strategy', () => {
    expect(parsePlan(source, { strategy: 'whole' })).toEqual(model);
  });
});

describe('fixture details', () => {
  const load = (name: string) => readFileSync(new URL(`${name}/input.md`, root), 'utf8');

  it('CRLF: spans stop before the \\r and trailing spaces are not text', () => {
    const source = load('crlf');
    const model = parsePlan(source);
    for (const item of model.items) {
      expect(source.slice(item.lineSpan.start, item.lineSpan.end)).not.toMatch(/[\r\n]/);
      expect(source.slice(item.textSpan.start, item.textSpan.end)).not.toMatch(/\s$/);
    }
    expect(model.lastUpdated?.date).toBe('2026-02-01');
    expect(model.items[0].check?.text).toBe(' ✅');
  });

  it('BOM: offsets count the BOM character', () => {
    const source = load('bom');
    const model = parsePlan(source);
    expect(source.charCodeAt(0)).toBe(0xfeff);
    expect(source.slice(model.items[0].statusSpan.start, model.items[0].statusSpan.end)).toBe('x');
    expect(model.items[0].line).toBe(3);
    expect(model.items[0].column).toBe(1);
  });

  it('front matter is opaque and reported', () => {
    const source = load('front-matter');
    const model = parsePlan(source);
    expect(source.slice(model.frontMatter!.start, model.frontMatter!.end)).toBe(
      '---\ntitle: Front matter plan\ntags: [plan]\n---\n',
    );
    expect(model.sections).toEqual([]);
  });

  it('code fences, indented code and HTML hide task-like lines', () => {
    const model = parsePlan(load('code-fences'));
    expect(model.items.map((i) => i.id)).toEqual(['REAL-001', 'REAL-002']);
  });

  it('progress log: ranges, slash lists, unknown IDs and impossible dates', () => {
    const model = parsePlan(load('progress-log'));
    const rows = model.log!.weeks[0].rows;
    expect(rows.map((r) => r.ids)).toEqual([
      ['DB-001', 'DB-002', 'DB-003'],
      ['SEC-001', 'SEC-002'],
      ['SEC-003', 'GHOST-009'],
      ['DB-002'],
    ]);
    expect(rows[3].date).toBeNull();
    expect(rows[3].dateRaw).toBe('2026-02-30');
    const byCode = (c: string) => model.diagnostics.filter((d) => d.code === c);
    expect(byCode('log-unknown-id')[0].message).toContain('GHOST-009');
    expect(byCode('logged-not-done')[0].message).toContain('SEC-003');
    expect(byCode('done-not-logged').map((d) => d.message)).toEqual([
      'UI-001 is done but the progress log does not say when.',
    ]);
    expect(byCode('invalid-date')[0]).toMatchObject({ severity: 'error', line: 22, column: 3 });
  });

  it('malformed items are diagnosed where they stand', () => {
    const model = parsePlan(load('malformed-items'));
    const at = Object.fromEntries(model.diagnostics.map((d) => [d.code, d.line]));
    expect(at).toEqual({ 'missing-checkbox': 4, 'empty-item': 5, 'malformed-checkbox': 6 });
  });

  it('a column of checkboxes is a task table; a stray checkbox in another table is diagnosed, not tracked', () => {
    const model = parsePlan(load('table-checkbox'));
    expect(model.items.slice(0, 2).map((i) => [i.title, i.line, i.cell?.kind])).toEqual([
      ['Write docs', 5, 'checkbox'],
      ['Ship it', 6, 'checkbox'],
    ]);
    const stray = parsePlan(load('table-not-tasks')).diagnostics.find((x) => x.code === 'checkbox-in-table')!;
    expect(stray).toMatchObject({ severity: 'info', line: 45, column: 3 });
  });
});
