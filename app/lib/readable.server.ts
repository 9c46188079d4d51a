// Text shown in the page with its mojibake repaired (UTF-8 once read as Windows-1252: `âœ…` → `✅`), as
// `tickmark doctor --fix` would write it, so the page reads right before the file is repaired. Only the words
// shown change: keys, slugs and paths (which address things) stay as they are.
import { repairMojibake } from '../../parser/index';

// Diagnostics quote the damaged text on purpose.
const ADDRESSES = new Set([
  'key',
  'slug',
  'path',
  'itemId',
  'sectionKey',
  'phaseKey',
  'parentKey',
  'id',
  'prefix',
  'diagnostics',
]);

/** A copy of `data` with every shown string repaired. */
export function readable<T>(data: T): T {
  if (typeof data === 'string') return repairMojibake(data) as T;
  if (Array.isArray(data)) return data.map((v) => readable(v)) as T;
  if (data && typeof data === 'object' && Object.getPrototypeOf(data) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) out[k] = ADDRESSES.has(k) ? v : readable(v);
    return out as T;
  }
  return data;
}
