// The document's own writing conventions, so new text is written the way it already is.

import type { PlanModel } from './types';
import type { RawItem } from './items';
import { CHECK_FORMS } from './markers';

function mostCommon(values: string[], fallback: string): string {
  const n = new Map<string, number>();
  for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
  let best = fallback;
  let bestN = 0;
  for (const [v, k] of n) if (k > bestN) [best, bestN] = [v, k];
  return best;
}

export function readConventions(source: string, items: RawItem[]): PlanModel['conventions'] {
  const crlf = (source.match(/\r\n/g) ?? []).length;
  const lf = (source.match(/\n/g) ?? []).length - crlf;
  const done = items.filter((i) => i.status === 'done');
  const checked = done.filter((i) => i.check);
  const checks = done.map((i) => i.markers.find((m) => CHECK_FORMS.includes(m))).filter((m): m is string => m !== undefined);
  return {
    eol: crlf > lf ? '\r\n' : '\n',
    bom: source.charCodeAt(0) === 0xfeff,
    doneMarker: mostCommon(done.map((i) => i.marker), 'x'),
    inProgressMarker: mostCommon(items.filter((i) => i.status === 'in-progress').map((i) => i.marker), '/'),
    checkOnDone: done.length > 0 && checks.length * 2 > done.length,
    doneCheck: mostCommon(checks, '✅'),
    checkDated: checked.length > 0 && checked.filter((i) => /\d{4}-\d{2}-\d{2}$/.test(i.check!.text)).length * 2 > checked.length,
  };
}
