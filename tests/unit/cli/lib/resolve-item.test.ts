import { parsePlan } from '../../../../parser/index';
import { resolveItem } from '../../../../cli/lib/resolve-item';
import { parseStatusArg } from '../../../../cli/lib/status-arg';
import { closeMatches } from '../../../../cli/lib/suggest';

const PLAN = [
  '# Plan',
  '',
  '## Phase 1: Work',
  '',
  '### 1.1 Caching',
  '- [ ] **CACHE-001**: first',
  '- [x] **CACHE-002**: second',
  '- [ ] **CACHE-001**: the same id again',
  '- [ ] no id at all',
  '',
].join('\n');

describe('resolveItem', () => {
  const model = parsePlan(PLAN);

  it('finds an item by id, case-insensitively, by key and by line:N', () => {
    expect(resolveItem(model, 'CACHE-002').line).toBe(7);
    expect(resolveItem(model, 'cache-002').line).toBe(7);
    const unnamed = model.items.find((i) => i.id === null)!;
    expect(resolveItem(model, unnamed.key).line).toBe(9);
    expect(resolveItem(model, 'line:9').key).toBe(unnamed.key);
  });

  it('refuses an id two items share, naming both keys and lines', () => {
    const keys = model.items.filter((i) => i.id === 'CACHE-001').map((i) => i.key);
    expect(keys).toHaveLength(2);
    expect(() => resolveItem(model, 'CACHE-001')).toThrow(
      `CACHE-001 names 2 items: ${keys[0]} (line 6), ${keys[1]} (line 8); give a key or line:N`,
    );
    expect(resolveItem(model, keys[1]).line).toBe(8);
  });

  it('names close matches for an unknown item, and nearby lines for an empty line', () => {
    expect(() => resolveItem(model, 'CACHE-02')).toThrow(/^no item CACHE-02; close matches: CACHE-002/);
    expect(() => resolveItem(model, 'DB-001')).toThrow(/^no item DB-001$/);
    expect(() => resolveItem(model, 'line:5')).toThrow('no item on line 5 (items nearby: line:6, line:7, line:8)');
  });
});

describe('parseStatusArg and closeMatches', () => {
  it('accepts the four statuses and common spellings, refusing others with the list', () => {
    expect(['todo', 'In-Progress', 'wip', 'done', 'canceled'].map(parseStatusArg)).toEqual([
      'todo',
      'in-progress',
      'in-progress',
      'done',
      'cancelled',
    ]);
    expect(() => parseStatusArg('finished')).toThrow(
      "unknown status 'finished'; use one of todo, in-progress, done, cancelled",
    );
  });

  it('ranks substring and small-edit matches, ignoring far ones', () => {
    expect(closeMatches('lnt', ['lint', 'list', 'parse', 'set'])).toEqual(['lint']);
    expect(closeMatches('lsit', ['lint', 'list', 'parse'])).toEqual(['list']); // one transposition
    expect(closeMatches('CACHE-01', ['CACHE-010', 'CACHE-001', 'DB-001'])).toEqual(['CACHE-010', 'CACHE-001']); // containing it ranks first
    expect(closeMatches('zzz', ['lint', 'parse'])).toEqual([]);
  });
});
