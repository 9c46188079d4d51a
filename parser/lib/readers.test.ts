// The small readers: progress-log ranges, IDs at the start of item text, dates.
import { describe, expect, it } from 'vitest';
import { expandIds } from '../index';
import fc from 'fast-check';
import { GLUED_ID, readId, WORD_ID } from './ids';
import { readDate } from './dates';
import { rowCells } from './tables';
import { trailingMarkers } from './markers';

describe('expandIds', () => {
  it.each([
    ['CACHE-001, CACHE-002, CACHE-003', ['CACHE-001', 'CACHE-002', 'CACHE-003']],
    ['CACHE-001 to CACHE-005', ['CACHE-001', 'CACHE-002', 'CACHE-003', 'CACHE-004', 'CACHE-005']],
    ['DB-001–DB-003', ['DB-001', 'DB-002', 'DB-003']],
    ['DB-008 — DB-010', ['DB-008', 'DB-009', 'DB-010']],
    ['SEC-001/002', ['SEC-001', 'SEC-002']],
    ['SEC-001/SEC-003/004', ['SEC-001', 'SEC-003', 'SEC-004']],
    ['T001-T003, T007', ['T001', 'T002', 'T003', 'T007']],
    ['MET-AHA-009 to MET-AHA-011', ['MET-AHA-009', 'MET-AHA-010', 'MET-AHA-011']],
    ['API-001 to API-003 and RT-001', ['API-001', 'API-002', 'API-003', 'RT-001']],
    ['A-001 to B-003', ['A-001', 'B-003']],
    ['X-1 to X-99999', ['X-1', 'X-99999']],
    ['nothing here', []],
  ])('%s', (cell, ids) => {
    expect(expandIds(cell)).toEqual(ids);
  });

  it('reads any cell as the check of each match against every one taken before it did', () => {
    const token = fc.oneof(
      fc
        .tuple(fc.constantFrom('CACHE', 'DB', 'MET-AHA', 'K8S'), fc.integer({ min: 0, max: 40 }))
        .map(([prefix, n]) => `${prefix}-${String(n).padStart(3, '0')}`),
      fc.integer({ min: 0, max: 40 }).map((n) => `T${String(n).padStart(3, '0')}`),
      fc.integer({ min: 0, max: 40 }).map(String),
      fc.constantFrom(', ', ' to ', '–', ' — ', '-', '/', ' / ', ' and ', '..', ' thru ', 'x', ' '),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const cell = tokens.join('');
        expect(expandIds(cell)).toEqual(expandIdsQuadratic(cell));
      }),
      { numRuns: 3000 },
    );
  });
});

/** expandIds as it was before its consumed characters were kept as flags: the oracle of the test above. */
function expandIdsQuadratic(cell: string): string[] {
  const ID = `(?:${WORD_ID}|${GLUED_ID})`;
  const RANGE = new RegExp(`(${ID})\\s*(?:to|through|thru|\\.\\.|–|—|-)\\s*(${ID}|\\d+)(?![A-Za-z0-9])`, 'g');
  const SLASHES = new RegExp(`(${ID})((?:\\s*/\\s*(?:${ID}|\\d+))+)`, 'g');
  const SINGLE = new RegExp(`(?<![A-Za-z0-9-])${ID}(?![A-Za-z0-9])`, 'g');
  const split = (id: string) => {
    const m = /^(.*?)(\d+)([a-z]?)$/.exec(id)!;
    return { prefix: m[1], digits: m[2] };
  };
  const sibling = (first: string, next: string) =>
    /^\d+$/.test(next) ? split(first).prefix + next.padStart(split(first).digits.length, '0') : next;
  const range = (from: string, toRaw: string): string[] | null => {
    const a = split(from);
    const b = split(sibling(from, toRaw));
    if (a.prefix !== b.prefix) return null;
    const [lo, hi] = [Number(a.digits), Number(b.digits)];
    if (!(hi >= lo) || hi - lo > 1000) return null;
    return Array.from({ length: hi - lo + 1 }, (_, k) => a.prefix + String(lo + k).padStart(a.digits.length, '0'));
  };
  const taken: { at: number; ids: string[]; end: number }[] = [];
  for (const m of cell.matchAll(RANGE)) {
    const ids = range(m[1], m[2]);
    if (ids) taken.push({ at: m.index!, end: m.index! + m[0].length, ids });
  }
  for (const m of cell.matchAll(SLASHES)) {
    if (taken.some((t) => m.index! < t.end && t.at < m.index! + m[0].length)) continue;
    const parts = m[2]
      .split('/')
      .map((p) => p.trim())
      .filter(Boolean);
    taken.push({ at: m.index!, end: m.index! + m[0].length, ids: [m[1], ...parts.map((p) => sibling(m[1], p))] });
  }
  for (const m of cell.matchAll(SINGLE)) {
    if (taken.some((t) => m.index! >= t.at && m.index! < t.end)) continue;
    taken.push({ at: m.index!, end: m.index! + m[0].length, ids: [m[0]] });
  }
  taken.sort((x, y) => x.at - y.at);
  return [...new Set(taken.flatMap((t) => t.ids))];
}

describe('readId', () => {
  it.each([
    ['**CACHE-001**: Thunder Herd', 'CACHE-001', '**CACHE-001**:'],
    ['**[MET-AHA-001]**: title', 'MET-AHA-001', '**[MET-AHA-001]**:'],
    ['**AGENT-004 (was TRAVELAGENT-001)**: Agent', 'AGENT-004', '**AGENT-004 (was TRAVELAGENT-001)**:'],
    ['CACHE-001: plain', 'CACHE-001', 'CACHE-001:'],
    ['T001 [P] Install', 'T001', 'T001'],
    ['1.2.3 Wire it', '1.2.3', '1.2.3'],
    ['2.1 Create entity classes', '2.1', '2.1'],
    ['1. Set up', '1', '1.'],
    ['**COMPLETED**: read', null, ''],
    ['3 apples', null, ''],
    ['Upgrade K8S-001 later', null, ''],
  ])('%s', (text, id, taken) => {
    const r = readId(text);
    expect(r.id).toBe(id);
    expect(text.slice(0, r.length)).toBe(taken);
  });
});

describe('readDate', () => {
  it('reads ISO and written dates and refuses impossible ones', () => {
    expect(readDate('2026-01-02').date).toBe('2026-01-02');
    expect(readDate('January 4, 2026').date).toBe('2026-01-04');
    expect(readDate('4 Jan 2026').date).toBe('2026-01-04');
    expect(readDate('**2026-03-05**').date).toBe('2026-03-05');
    expect(readDate('2026-02-30')).toEqual({ date: null, shaped: true });
    expect(readDate('2024-02-29').date).toBe('2024-02-29');
    expect(readDate('soon')).toEqual({ date: null, shaped: false });
  });
});

describe('rowCells', () => {
  const cells = (row: string) => rowCells(row, 0, row.length).map((s) => row.slice(s.start, s.end));
  it('splits on unescaped pipes, with or without edge pipes', () => {
    expect(cells('| a | b |')).toEqual(['a', 'b']);
    expect(cells('a | b')).toEqual(['a', 'b']);
    expect(cells('| a \\| b | `c|d` |')).toEqual(['a \\| b', '`c', 'd`']);
    expect(cells('| a |  |')).toEqual(['a', '']);
  });
});

describe('trailingMarkers', () => {
  it('reads check marks, dates and their mojibake forms in order', () => {
    expect(trailingMarkers('Title ✅').map((m) => m.text)).toEqual(['✅']);
    expect(trailingMarkers('Title 🚧 ✅ 2025-06-18').map((m) => [m.text, m.date])).toEqual([
      ['🚧', null],
      ['✅', '2025-06-18'],
    ]);
    expect(trailingMarkers('Title âœ…').map((m) => m.text)).toEqual(['âœ…']);
    expect(trailingMarkers('✅')).toEqual([]);
    expect(trailingMarkers('✅ done in the middle')).toEqual([]);
  });
});
