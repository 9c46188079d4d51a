// An item's category is its ID's prefix: everything before the last `-` group, else the letters before
// the number.
import { idPrefix } from '../../../sync/rows';

it('reads the prefix of an ID', () => {
  expect(idPrefix('CACHE-001')).toBe('CACHE');
  expect(idPrefix('K8S-001')).toBe('K8S');
  expect(idPrefix('API-V2-003')).toBe('API-V2');
  expect(idPrefix('T001')).toBe('T');
  expect(idPrefix('[sec-12]')).toBe('SEC');
  expect(idPrefix(null)).toBeNull();
});
