// The small readers: progress-log ranges, IDs at the start of item text, dates.
import { describe, expect, it } from 'vitest';
import { expandIds } from '../index';
import { readId } from './ids';
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
});

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
