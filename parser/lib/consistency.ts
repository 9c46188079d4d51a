// Diagnostics that compare what the document states with what it holds.

import type { Counts, Diagnostic, Item, LogRow, PlanModel, Span } from './types';
import { percentDone } from './counts';
import { LineIndex } from './lines';
import { findMojibake, type MojibakeSpan } from './encoding';
import { CHECK_ALT } from './markers';
import { findDate } from './dates';
import type { TextView } from './text-view';

type Push = (severity: Diagnostic['severity'], code: string, message: string, span: Span) => void;

/** `lines` may be a function: the line index is then built only when a diagnostic needs a position (a tick
 * that settles every count builds none, and scanning a 1 MB plan for line starts is most of a check). */
export function pusher(lines: LineIndex | (() => LineIndex), into: Diagnostic[]): Push {
  let index: LineIndex | null = null;
  return (severity, code, message, span) => {
    index ??= typeof lines === 'function' ? lines() : lines;
    into.push({ severity, code, message, ...index.position(span.start), span });
  };
}

const COLUMNS: { stated: 'total' | 'completed' | 'inProgress' | 'remaining'; counted: keyof Counts; label: string }[] =
  [
    { stated: 'total', counted: 'total', label: 'total' },
    { stated: 'completed', counted: 'done', label: 'completed' },
    { stated: 'inProgress', counted: 'inProgress', label: 'in progress' },
    { stated: 'remaining', counted: 'remaining', label: 'remaining' },
  ];

export function checkStatedCounts(model: PlanModel, push: Push): void {
  // A document without a single task item is not a task plan (a gap analysis, a numbered list): its
  // stated numbers describe something else.
  if (model.items.length === 0) return;
  for (const phase of model.phases) {
    const counts = model.counts.byPhase[phase.key];
    const counted = counts?.total ?? 0;
    if (phase.statedCount !== null && phase.statedCount !== counted && phase.statedCountSpan) {
      push(
        'warning',
        'count-mismatch',
        `The heading of "${phase.name || phase.key}" states ${phase.statedCount} items but the phase holds ${counted}.`,
        phase.statedCountSpan,
      );
    }
    // `✅ COMPLETE` on a heading is a claim like a count: write-back leaves the words alone, so say when
    // they stopped being true.
    if (claimsDone(phase.statusMarker) && counts && counts.remaining > 0) {
      const scope = counts.total - counts.cancelled;
      const open = `${counts.remaining} of its ${scope} item${scope === 1 ? '' : 's'} ${counts.remaining === 1 ? 'is' : 'are'} open`;
      push(
        'warning',
        'phase-marker-mismatch',
        `The heading of "${phase.name || phase.key}" says "${phase.statusMarker}" but ${open}.`,
        phase.heading,
      );
    }
  }
  const summary = model.summary;
  if (summary) {
    for (const row of summary.rows) {
      const counts = row.isTotal ? model.counts.total : row.phaseKey ? model.counts.byPhase[row.phaseKey] : null;
      if (!counts) {
        push(
          'info',
          'summary-unknown-phase',
          `Summary row "${row.label}" names no phase of this document; its counts are not checked.`,
          row.span,
        );
        continue;
      }
      for (const col of COLUMNS) {
        const stated = row.stated[col.stated];
        const index = summary.columns[col.stated];
        if (stated === null || index < 0 || !row.cells[index]) continue;
        const actual = counts[col.counted] as number;
        if (stated !== actual) {
          push(
            'warning',
            'count-mismatch',
            `Summary row "${row.label}" states ${stated} ${col.label} but the document holds ${actual}.`,
            row.cells[index],
          );
        }
      }
    }
  }
  const progress = model.progress;
  if (progress?.count) {
    const t = model.counts.total;
    const scope = t.total - t.cancelled;
    if (progress.count.done !== t.done || progress.count.total !== scope) {
      push(
        'warning',
        'progress-mismatch',
        `Progress states ${progress.count.done}/${progress.count.total} but ${t.done} of ${scope} items are done.`,
        progress.count.span,
      );
    }
  }
  if (progress && progress.percent !== null) {
    const t = model.counts.total;
    const scope = t.total - t.cancelled;
    const exact = scope > 0 ? (t.done * 100) / scope : 0;
    if (Math.abs(progress.percent - exact) >= 1) {
      push(
        'warning',
        'progress-mismatch',
        `Progress states ${progress.percent}% but ${t.done} of ${scope} items are done (${percentDone(t)}%).`,
        progress.span,
      );
    }
  }
  // Write-back keeps the words around a percent or a date: say when they stopped being true.
  const open = model.counts.total.remaining;
  let lastUpdatedClaims = false;
  if (open > 0) {
    for (const [label, fact] of [
      ['Progress', model.progress],
      ['Last Updated', model.lastUpdated],
    ] as const) {
      const words = fact?.raw.replace(PERCENT_DONE, ' ').replace(COUNT_DONE, ' ');
      if (fact && words && claimsDone(words)) {
        const scope = model.counts.total.total - model.counts.total.cancelled;
        push(
          'warning',
          'fact-claim-mismatch',
          `${label} says "${fact.raw.trim()}" but ${open} of ${scope} item${scope === 1 ? '' : 's'} ${open === 1 ? 'is' : 'are'} open.`,
          fact.span,
        );
        if (fact === model.lastUpdated) lastUpdatedClaims = true;
      }
    }
  }
  const note = model.lastUpdated && !lastUpdatedClaims ? noteBesideDate(model.lastUpdated) : null;
  if (note) {
    push(
      'info',
      'last-updated-note',
      `Last Updated's note "${note.text}" stays when a change moves the date beside it, so it may describe an earlier day; keep such notes in the progress log, or remove it.`,
      note.span,
    );
  }
}

/** The words written beside a Last Updated date (`2026-05-28 (full implementation pass)`): a session's note. */
function noteBesideDate(fact: { raw: string; span: Span }): { text: string; span: Span } | null {
  const date = findDate(fact.raw);
  if (!date) return null;
  const after = date.index + date.length;
  // The words after the date, else those before it; separators and blanks around them are not the note.
  const [from, to] = /\p{L}/u.test(fact.raw.slice(after)) ? [after, fact.raw.length] : [0, date.index];
  const lead = /^[\s,;:–—-]*/.exec(fact.raw.slice(from, to))![0].length;
  const text = fact.raw.slice(from + lead, to).replace(/[\s,;:–—-]*$/, '');
  if (!/\p{L}/u.test(text)) return null;
  const start = fact.span.start + from + lead;
  return { text, span: { start, end: start + text.length } };
}

/** `99% complete`, `50 % done`: the percent's own words, which claim nothing beyond the number. */
const PERCENT_DONE = /\d+(?:\.\d+)?[ \t]?%(?:[ \t]+(?:complete|completed|done|finished))?/gi;
/** `3/6 items complete`, `2 of 5 phases done`: likewise a count's. */
const COUNT_DONE =
  /\d+[ \t]*(?:\/|\bof\b)[ \t]*\d+(?:[ \t]+[A-Za-z]+)?(?:[ \t]+(?:complete|completed|done|finished))?/gi;

const CLAIMS_DONE = new RegExp(`${CHECK_ALT}|\\b(?:COMPLETED?|DONE|FINISHED)\\b`, 'i');

/** Whether a heading marker says the phase is finished: a check mark (mojibake forms too), COMPLETE, DONE. */
export function claimsDone(marker: string | null): boolean {
  return marker !== null && CLAIMS_DONE.test(marker);
}

export function checkLog(model: PlanModel, byId: ReadonlyMap<string, Item>, push: Push): void {
  const log = model.log;
  if (!log) return;
  const logged = new Set<string>();
  for (const week of log.weeks) {
    for (const row of week.rows) {
      for (const id of row.ids) logged.add(id);
      checkLogRow(row, byId, push);
    }
  }
  if (!log.weeks.some((w) => w.rows.length)) return;
  for (const item of model.items) checkLogged(item, logged, push);
}

/** One log row: the IDs it names that are not done, and those no item carries. */
function checkLogRow(row: LogRow, byId: ReadonlyMap<string, Item>, push: Push): void {
  const unknown: string[] = [];
  for (const id of row.ids) {
    const item = byId.get(id);
    if (!item) unknown.push(id);
    else if (item.status !== 'done') {
      push(
        'warning',
        'logged-not-done',
        `The progress log says ${id} was completed${row.date ? ` on ${row.date}` : ''}, but its checkbox is "[${item.marker}]".`,
        row.cells[1] ?? row.span,
      );
    }
  }
  if (unknown.length) {
    push(
      'warning',
      'log-unknown-id',
      `The progress log names ${unknown.length === 1 ? 'an ID' : 'IDs'} no item carries: ${unknown.join(', ')}.`,
      row.cells[1] ?? row.span,
    );
  }
}

/** One item: done, with an ID, and neither the log nor its text says when. */
function checkLogged(item: Item, logged: { has(id: string): boolean }, push: Push): void {
  if (item.status === 'done' && item.id && !logged.has(item.id) && !item.textDoneDate) {
    push('info', 'done-not-logged', `${item.id} is done but the progress log does not say when.`, item.lineSpan);
  }
}

/** checkLog's findings, kept between ticks of one model so the next tick re-checks only the log rows it
 * rewrote or whose IDs changed status, and the items whose status or logged state moved. Its diagnostics
 * are the model's own objects (a tick shifts them with the rest of the model). */
export interface LogCheckMemo {
  /** Per row: the IDs array it was checked with (a rewritten row gets a new one) and what it found. */
  rows: Map<LogRow, { ids: string[]; found: Diagnostic[] }>;
  /** How many row entries name each ID. */
  logged: Map<string, number>;
  notLogged: Map<Item, Diagnostic[]>;
  hasRows: boolean;
}

export function emptyLogCheckMemo(): LogCheckMemo {
  return { rows: new Map(), logged: new Map(), notLogged: new Map(), hasRows: false };
}

/** What the upkeep knows about a model after a tick: its items by ID (first and all), the items whose
 * status the tick changed, and the log check's memo. */
export interface TickFacts {
  firstById: ReadonlyMap<string, Item>;
  allById: ReadonlyMap<string, readonly Item[]>;
  changed: readonly Item[];
  log: LogCheckMemo;
  /** The line index of the text, when the caller keeps one. */
  lines?: () => LineIndex;
  /** The text's mojibake, when the caller keeps it (a document with none has no mojibake diagnostic to recheck). */
  mojibake?: readonly MojibakeSpan[] | null;
}

/** checkLog for the model after a tick, from (and updating) the memo of the check before it: the same
 * findings as checkLog on the whole model, pushed in the same order (rows in order, then items). */
function recheckLog(model: PlanModel, facts: TickFacts, lines: () => LineIndex, into: Diagnostic[]): void {
  const memo = facts.log;
  const log = model.log;
  const count = (id: string, by: number, touched: Set<string>) => {
    const n = (memo.logged.get(id) ?? 0) + by;
    if (n === 0) memo.logged.delete(id);
    else memo.logged.set(id, n);
    if (n === 0 || n === by) touched.add(id); // named by no row now, or by none before
  };
  const changedIds = new Set(facts.changed.map((item) => item.id).filter((id) => id !== null));
  const touched = new Set<string>();
  const seen = new Set<LogRow>();
  for (const week of log?.weeks ?? []) {
    for (const row of week.rows) {
      seen.add(row);
      let entry = memo.rows.get(row);
      const rewritten = !entry || entry.ids !== row.ids;
      if (rewritten) {
        for (const id of entry?.ids ?? []) count(id, -1, touched);
        for (const id of row.ids) count(id, 1, touched);
      }
      if (!entry || rewritten || row.ids.some((id) => changedIds.has(id))) {
        entry = { ids: row.ids, found: [] };
        checkLogRow(row, facts.firstById, pusher(lines, entry.found));
        memo.rows.set(row, entry);
      }
      into.push(...entry.found);
    }
  }
  for (const [row, entry] of memo.rows) {
    if (seen.has(row)) continue;
    for (const id of entry.ids) count(id, -1, touched);
    memo.rows.delete(row);
  }
  const hasRows = !!log?.weeks.some((w) => w.rows.length);
  const logged = { has: (id: string) => memo.logged.has(id) };
  const recheck = (item: Item) => {
    const found: Diagnostic[] = [];
    checkLogged(item, logged, pusher(lines, found));
    if (found.length) memo.notLogged.set(item, found);
    else memo.notLogged.delete(item);
  };
  if (!hasRows) memo.notLogged.clear();
  else if (!memo.hasRows) for (const item of model.items) recheck(item);
  else {
    for (const id of touched) for (const item of facts.allById.get(id) ?? []) recheck(item);
    for (const item of facts.changed) recheck(item);
  }
  memo.hasRows = hasRows;
  for (const found of memo.notLogged.values()) into.push(...found);
}

/** The codes the two checks above produce: the diagnostics a status change can make true or false. */
const CONSISTENCY_CODES = new Set([
  'count-mismatch',
  'phase-marker-mismatch',
  'summary-unknown-phase',
  'progress-mismatch',
  'fact-claim-mismatch',
  'last-updated-note',
  'logged-not-done',
  'log-unknown-id',
  'done-not-logged',
]);

/** Document order, the order parsePlan reports diagnostics in. */
export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return (a.span?.start ?? 0) - (b.span?.start ?? 0) || a.line - b.line || a.column - b.column;
}

/** Runs the stated-vs-counted and log checks again on a model that a write-back updated by offset instead of
 * re-parsing (parser/lib/model-after-edits.ts), so its diagnostics describe the new text, not the old one. */
export function recheckConsistency(model: PlanModel, source: TextView, facts?: TickFacts): void {
  // A tick can add or remove a mojibake `âœ…` only in a document that already has mojibake: others skip the scan.
  const mojibake = model.diagnostics.some((d) => d.code === 'mojibake');
  const fresh = model.diagnostics.filter((d) => !CONSISTENCY_CODES.has(d.code) && d.code !== 'mojibake');
  let index: LineIndex | null = null;
  const lines = facts?.lines ?? (() => (index ??= new LineIndex(source)));
  const push = pusher(lines, fresh);
  checkStatedCounts(model, push);
  if (facts) recheckLog(model, facts, lines, fresh);
  else checkLog(model, firstItemById(model.items), push);
  if (mojibake) checkMojibake(facts?.mojibake ?? findMojibake(source.toString()), push);
  model.diagnostics = fresh.sort(byPosition);
}

/** One diagnostic for all UTF-8-read-as-Windows-1252 damage (findMojibake's runs), at its first place, with the
 * count. */
export function checkMojibake(found: readonly MojibakeSpan[], push: Push): void {
  if (!found.length) return;
  const first = found[0];
  push(
    'warning',
    'mojibake',
    `${found.length} place${found.length === 1 ? '' : 's'} read as UTF-8 decoded as Windows-1252 (first: "${first.text}" for "${first.repaired}"); run "tickmark doctor --fix" to repair.`,
    { start: first.start, end: first.end },
  );
}

/** The first item carrying each ID (a duplicated ID names the first one). */
export function firstItemById(items: readonly Item[]): Map<string, Item> {
  const byId = new Map<string, Item>();
  for (const item of items) if (item.id !== null && !byId.has(item.id)) byId.set(item.id, item);
  return byId;
}
