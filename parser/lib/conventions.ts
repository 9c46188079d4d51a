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
  // One pass: a write-back recounts these after every tick on plans of 10,000 items.
  const doneMarkers: string[] = [];
  const inProgressMarkers: string[] = [];
  const checks: string[] = [];
  let checked = 0;
  let dated = 0;
  for (const item of items) {
    if (item.status === 'in-progress') inProgressMarkers.push(item.marker);
    if (item.status !== 'done') continue;
    doneMarkers.push(item.marker);
    const check = item.markers.find((m) => CHECK_FORMS.includes(m));
    if (check !== undefined) checks.push(check);
    if (item.check) {
      checked++;
      if (/\d{4}-\d{2}-\d{2}$/.test(item.check.text)) dated++;
    }
  }
  return {
    eol: crlf > lf ? '\r\n' : '\n',
    bom: source.charCodeAt(0) === 0xfeff,
    doneMarker: mostCommon(doneMarkers, 'x'),
    inProgressMarker: mostCommon(inProgressMarkers, '/'),
    checkOnDone: doneMarkers.length > 0 && checks.length * 2 > doneMarkers.length,
    doneCheck: mostCommon(checks, '✅'),
    checkDated: checked > 0 && dated * 2 > checked,
  };
}
