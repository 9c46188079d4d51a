// The document's own writing conventions, so new text is written the way it already is.

import type { PlanModel } from './types';
import { STATUSES, type Status } from './statuses';
import type { RawItem } from './items';
import { CHECK_FORMS } from './markers';
import { styledDefault } from './status-words';

function mostCommon(values: string[], fallback: string): string {
  const n = new Map<string, number>();
  for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
  let best = fallback;
  let bestN = 0;
  for (const [v, k] of n) if (k > bestN) [best, bestN] = [v, k];
  return best;
}

/** `legend`: the Status Legend's spellings (task-tables.ts), the fallback for statuses no row spells. */
export function readConventions(
  source: string,
  items: RawItem[],
  legend: Partial<Record<Status, string>>,
): PlanModel['conventions'] {
  const crlf = (source.match(/\r\n/g) ?? []).length;
  const lf = (source.match(/\n/g) ?? []).length - crlf;
  // One pass: a write-back recounts these after every tick on plans of 10,000 items.
  const doneMarkers: string[] = [];
  const inProgressMarkers: string[] = [];
  const checks: string[] = [];
  let checked = 0;
  let dated = 0;
  const words: Record<Status, string[]> = { todo: [], 'in-progress': [], done: [], cancelled: [] };
  for (const item of items) {
    // Task-table rows spelled in words have no checkbox marker and no trailing check to count.
    if (item.cell?.kind === 'word') {
      words[item.status].push(item.marker);
      continue;
    }
    if (item.status === 'in-progress') inProgressMarkers.push(item.marker);
    if (item.status !== 'done') continue;
    doneMarkers.push(item.marker);
    if (item.cell) continue;
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
    statusWords: statusWords(words, legend),
    statusLegend: legend,
  };
}

function statusWords(words: Record<Status, string[]>, legend: Partial<Record<Status, string>>): Record<Status, string> {
  const all = STATUSES.flatMap((s) => words[s]);
  const picks = {} as Record<Status, string | null>;
  for (const s of STATUSES) picks[s] = words[s].length ? mostCommon(words[s], '') : null;
  const sample = all.length ? mostCommon(all, '') : null;
  return spellStatuses(legend, picks, sample, all.length > 0 && all.every(isBareSign));
}

/** Each status's spelling: the legend's (the document's own statement, stable while rows change), else the
 * rows' most common (`picks`), else the default in the rows' style. Rows that write only signs (`| 🟢 |`,
 * `bare`) get the legend's sign, not its whole spelling (`🟢 Done`). */
function spellStatuses(
  legend: Partial<Record<Status, string>>,
  picks: Record<Status, string | null>,
  sample: string | null,
  bare: boolean,
): Record<Status, string> {
  const out = {} as Record<Status, string>;
  for (const s of STATUSES) {
    const spelled = legend[s];
    const letter = spelled?.search(/[\p{L}\p{N}]/u) ?? -1;
    const own = spelled && bare && letter > 0 ? spelled.slice(0, letter).trim() : spelled;
    out[s] = own || picks[s] || styledDefault(s, sample ?? Object.values(legend)[0] ?? null);
  }
  return out;
}

const isBareSign = (word: string) => !/[\p{L}\p{N}]/u.test(word);

/** readConventions' counts, kept between ticks so a write-back moves the changed items' share instead of
 * recounting a 10,000-item plan (parser/lib/model-after-edits.ts). */
export interface ConventionTally {
  done: Map<string, number>;
  inProgress: Map<string, number>;
  checks: Map<string, number>;
  words: Record<Status, Map<string, number>>;
  doneCount: number;
  checkCount: number;
  checked: number;
  dated: number;
}

export function tallyConventions(items: readonly RawItem[]): ConventionTally {
  const tally: ConventionTally = {
    done: new Map(),
    inProgress: new Map(),
    checks: new Map(),
    words: { todo: new Map(), 'in-progress': new Map(), done: new Map(), cancelled: new Map() },
    doneCount: 0,
    checkCount: 0,
    checked: 0,
    dated: 0,
  };
  for (const item of items) tallyItem(tally, item, 1);
  return tally;
}

/** Adds (`sign` 1) or takes away (-1) one item's share, read the way readConventions reads it. */
export function tallyItem(tally: ConventionTally, item: RawItem, sign: 1 | -1): void {
  if (item.cell?.kind === 'word') return bump(tally.words[item.status], item.marker, sign);
  if (item.status === 'in-progress') bump(tally.inProgress, item.marker, sign);
  if (item.status !== 'done') return;
  bump(tally.done, item.marker, sign);
  tally.doneCount += sign;
  if (item.cell) return;
  const check = item.markers.find((m) => CHECK_FORMS.includes(m));
  if (check !== undefined) {
    bump(tally.checks, check, sign);
    tally.checkCount += sign;
  }
  if (item.check) {
    tally.checked += sign;
    if (/\d{4}-\d{2}-\d{2}$/.test(item.check.text)) tally.dated += sign;
  }
}

/** The conventions a tally gives, or null when a tie leaves the majority to document order (readConventions
 * then decides: the first spelling met wins). Line ending and BOM come from `was`: a tick cannot move them. */
export function conventionsOfTally(
  tally: ConventionTally,
  was: PlanModel['conventions'],
): PlanModel['conventions'] | null {
  const legend = was.statusLegend ?? {};
  const all = new Map<string, number>();
  for (const s of STATUSES) for (const [v, n] of tally.words[s]) all.set(v, (all.get(v) ?? 0) + n);
  const picks = [tally.done, tally.inProgress, tally.checks, all, ...STATUSES.map((s) => tally.words[s])].map(
    soleMostCommon,
  );
  if (picks.includes(TIE)) return null;
  const [doneMarker, inProgressMarker, doneCheck, sample] = picks as (string | null)[];
  const used = [...all].filter(([, n]) => n > 0).map(([w]) => w);
  const statusWords = spellStatuses(
    legend,
    Object.fromEntries(STATUSES.map((s, i) => [s, picks[4 + i] as string | null])) as Record<Status, string | null>,
    sample,
    used.length > 0 && used.every(isBareSign),
  );
  return {
    eol: was.eol,
    bom: was.bom,
    doneMarker: doneMarker ?? 'x',
    inProgressMarker: inProgressMarker ?? '/',
    checkOnDone: tally.doneCount > 0 && tally.checkCount * 2 > tally.doneCount,
    doneCheck: doneCheck ?? '✅',
    checkDated: tally.checked > 0 && tally.dated * 2 > tally.checked,
    statusWords,
    statusLegend: legend,
  };
}

function bump(counts: Map<string, number>, value: string, sign: 1 | -1): void {
  const n = (counts.get(value) ?? 0) + sign;
  if (n === 0) counts.delete(value);
  else counts.set(value, n);
}

const TIE = Symbol('tie');

/** The most common value when one count is highest, null when there is none, TIE when two share it. */
function soleMostCommon(counts: Map<string, number>): string | null | typeof TIE {
  let best: string | null = null;
  let bestN = 0;
  let tie = false;
  for (const [v, n] of counts) {
    if (n > bestN) [best, bestN, tie] = [v, n, false];
    else if (n === bestN) tie = true;
  }
  return tie ? TIE : best;
}
