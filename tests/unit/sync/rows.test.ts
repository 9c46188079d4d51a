// An item's category is its ID's prefix: everything before the last `-` group, else the letters before
// the number. A stored diagnostic's subject: what the diagnostic history tells it apart by (decision 067).
import { parsePlan } from '../../../parser';
import { idPrefix, storedDiagnostics } from '../../../sync/rows';

it('reads the prefix of an ID', () => {
  expect(idPrefix('CACHE-001')).toBe('CACHE');
  expect(idPrefix('K8S-001')).toBe('K8S');
  expect(idPrefix('API-V2-003')).toBe('API-V2');
  expect(idPrefix('T001')).toBe('T');
  expect(idPrefix('[sec-12]')).toBe('SEC');
  expect(idPrefix(null)).toBeNull();
});

it('tells a stale count on the Progress line from a stale percent on it', () => {
  const model = parsePlan('# P\n\n**Progress**: 1/2 items complete (10%)\n\n- [x] **A-1**: one\n- [x] **A-2**: two\n');
  const stored = storedDiagnostics(model) as { code: string; subject?: string }[];
  expect(stored.map((d) => [d.code, d.subject])).toEqual([
    ['progress-mismatch', 'the count on Progress'],
    ['progress-mismatch', 'Progress'],
  ]);
});
