// Diagnostics that compare what the document states with what it holds.

import type { Counts, Diagnostic, Item, PlanModel, Span } from './types';
import { LineIndex } from './lines';
import { findMojibake } from './encoding';
import { CHECK_ALT } from './markers';

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

const COLUMNS: { stated: 'total' | 'completed' | 'inProgress' | 'remaining'; counted: keyof Counts; label: string }[] = [
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
      push('warning', 'count-mismatch', `The heading of "${phase.name || phase.key}" states ${phase.statedCount} items but the phase holds ${counted}.`, phase.statedCountSpan);
    }
    // `✅ COMPLETE` on a heading is a claim like a count: write-back leaves the words alone, so say when
    // they stopped being true.
    if (claimsDone(phase.statusMarker) && counts && counts.remaining > 0) {
      const scope = counts.total - counts.cancelled;
      const open = `${counts.remaining} of its ${scope} item${scope === 1 ? '' : 's'} ${counts.remaining === 1 ? 'is' : 'are'} open`;
      push('warning', 'phase-marker-mismatch', `The heading of "${phase.name || phase.key}" says "${phase.statusMarker}" but ${open}.`, phase.heading);
    }
  }
  const summary = model.summary;
  if (summary) {
    for (const row of summary.rows) {
      const counts = row.isTotal ? model.counts.total : row.phaseKey ? model.counts.byPhase[row.phaseKey] : null;
      if (!counts) {
        push('info', 'summary-unknown-phase', `Summary row "${row.label}" names no phase of this document; its counts are not checked.`, row.span);
        continue;
      }
      for (const col of COLUMNS) {
        const stated = row.stated[col.stated];
        const index = summary.columns[col.stated];
        if (stated === null || index < 0 || !row.cells[index]) continue;
        const actual = counts[col.counted] as number;
        if (stated !== actual) {
          push('warning', 'count-mismatch', `Summary row "${row.label}" states ${stated} ${col.label} but the document holds ${actual}.`, row.cells[index]);
        }
      }
    }
  }
  const progress = model.progress;
  if (progress && progress.percent !== null) {
    const t = model.counts.total;
    const scope = t.total - t.cancelled;
    const exact = scope > 0 ? (t.done * 100) / scope : 0;
    if (Math.abs(progress.percent - exact) >= 1) {
      push('warning', 'progress-mismatch', `Progress states ${progress.percent}% but ${t.done} of ${scope} items are done (${Math.floor(exact)}%).`, progress.span);
    }
  }
}

const CLAIMS_DONE = new RegExp(`${CHECK_ALT}|\\b(?:COMPLETED?|DONE|FINISHED)\\b`, 'i');

/** Whether a heading marker says the phase is finished: a check mark (mojibake forms too), COMPLETE, DONE. */
export function claimsDone(marker: string | null): boolean {
  return marker !== null && CLAIMS_DONE.test(marker);
}

export function checkLog(model: PlanModel, byId: Map<string, Item>, push: Push): void {
  const log = model.log;
  if (!log) return;
  const logged = new Set<string>();
  for (const week of log.weeks) {
    for (const row of week.rows) {
      const unknown: string[] = [];
      for (const id of row.ids) {
        logged.add(id);
        const item = byId.get(id);
        if (!item) unknown.push(id);
        else if (item.status !== 'done') {
          push('warning', 'logged-not-done', `The progress log says ${id} was completed${row.date ? ` on ${row.date}` : ''}, but its checkbox is "[${item.marker}]".`, row.cells[1] ?? row.span);
        }
      }
      if (unknown.length) {
        push('warning', 'log-unknown-id', `The progress log names ${unknown.length === 1 ? 'an ID' : 'IDs'} no item carries: ${unknown.join(', ')}.`, row.cells[1] ?? row.span);
      }
    }
  }
  if (!log.weeks.some((w) => w.rows.length)) return;
  for (const item of model.items) {
    if (item.status === 'done' && item.id && !logged.has(item.id) && !item.textDoneDate) {
      push('info', 'done-not-logged', `${item.id} is done but the progress log does not say when.`, item.lineSpan);
    }
  }
}

/** The codes the two checks above produce: the diagnostics a status change can make true or false. */
const CONSISTENCY_CODES = new Set([
  'count-mismatch',
  'phase-marker-mismatch',
  'summary-unknown-phase',
  'progress-mismatch',
  'logged-not-done',
  'log-unknown-id',
  'done-not-logged',
]);

/** Document order, the order parsePlan reports diagnostics in. */
export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return (a.span?.start ?? 0) - (b.span?.start ?? 0) || a.line - b.line || a.column - b.column;
}

/** Runs the stated-vs-counted and log checks again on a model that a write-back updated by offset instead of
 * re-parsing (parser/lib/bookkeeping-model.ts), so its diagnostics describe the new text, not the old one. */
export function recheckConsistency(model: PlanModel, source: string): void {
  // A tick can add or remove a mojibake `âœ…` only in a document that already has mojibake: others skip the scan.
  const mojibake = model.diagnostics.some((d) => d.code === 'mojibake');
  const fresh = model.diagnostics.filter((d) => !CONSISTENCY_CODES.has(d.code) && d.code !== 'mojibake');
  const push = pusher(() => new LineIndex(source), fresh);
  const firstById = new Map<string, Item>();
  for (const item of model.items) if (item.id !== null && !firstById.has(item.id)) firstById.set(item.id, item);
  checkStatedCounts(model, push);
  checkLog(model, firstById, push);
  if (mojibake) checkMojibake(source, push);
  model.diagnostics = fresh.sort(byPosition);
}

/** One diagnostic for all UTF-8-read-as-Windows-1252 damage, at its first place, with the count. */
export function checkMojibake(source: string, push: Push): void {
  const found = findMojibake(source);
  if (!found.length) return;
  const first = found[0];
  push(
    'warning',
    'mojibake',
    `${found.length} place${found.length === 1 ? '' : 's'} read as UTF-8 decoded as Windows-1252 (first: "${first.text}" for "${first.repaired}"); run "tickmark doctor --fix" to repair.`,
    { start: first.start, end: first.end },
  );
}
