// The model of the text after a write-back, without parsing the whole document again (a 10,000-item plan
// takes seconds to parse; a tick must not). Offsets and line numbers after each edit shift; the changed items,
// summary numbers, phase counts, Last Updated and Progress are updated in place; only the progress log —
// a small region whose rows and IDs the edit may have reshaped — is parsed again, on its own.
import type { Edit, Item, PlanModel, ProgressLog, Status } from './types';
import { countStatuses } from './bookkeeping';
import { readConventions } from './conventions';
import type { RawItem } from './items';

type Parse = (source: string) => PlanModel;

/** Maps offsets of the old text to the new one. A position at an insertion point moves after the
 * insertion when it starts something there; an end stays before it. */
class OffsetMap {
  private readonly edits: Edit[];
  /** Spans already moved: the parser shares some span objects between parts of the model. */
  readonly moved = new WeakSet<object>();
  constructor(edits: readonly Edit[]) {
    this.edits = [...edits].sort((a, b) => a.start - b.start);
  }
  start(x: number): number {
    let d = 0;
    for (const e of this.edits) {
      if (e.end <= x) d += e.text.length - (e.end - e.start);
      else break;
    }
    return x + d;
  }
  end(x: number): number {
    let d = 0;
    for (const e of this.edits) {
      // An insertion right at the end extends the span when it continues the line (a trailing ` ✅`),
      // not when it starts a new line (a log row after the last one).
      const inside = e.start < x || (e.start === x && e.end === x && e.text !== '' && !/^\r?\n/.test(e.text));
      if (e.end <= x && inside) d += e.text.length - (e.end - e.start);
      else if (e.start > x) break;
    }
    return x + d;
  }
  /** Lines added (or removed) before `x`. */
  lines(x: number): number {
    let d = 0;
    for (const e of this.edits) {
      if (e.end <= x) d += countNl(e.text) - countNl(e.expect);
      else break;
    }
    return d;
  }
}

function countNl(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

const ANCHORS = ['lineSpan', 'heading', 'span'] as const;

/** Shifts every `{start, end}` span and every `line` in a model part (plain data, walked recursively). */
function shiftDeep(value: unknown, map: OffsetMap): void {
  if (Array.isArray(value)) {
    for (const v of value) {
      if (isSpan(v)) shiftSpan(v, map);
      else shiftDeep(v, map);
    }
    return;
  }
  if (!value || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  if (typeof obj.line === 'number') {
    const anchorKey = ANCHORS.find((k) => obj[k] && typeof (obj[k] as { start?: unknown }).start === 'number');
    if (anchorKey) obj.line = (obj.line as number) + map.lines((obj[anchorKey] as { start: number }).start);
  }
  for (const [k, v] of Object.entries(obj)) {
    if (!Array.isArray(v) && isSpan(v)) {
      shiftSpan(v, map);
      continue;
    }
    if (k === 'end' && typeof v === 'number' && 'weeks' in obj) {
      obj.end = map.end(v); // ProgressLog.end
      continue;
    }
    if (v && typeof v === 'object') shiftDeep(v, map);
  }
}

function isSpan(v: unknown): v is { start: number; end: number } {
  return !!v && typeof v === 'object' && typeof (v as { start?: unknown }).start === 'number' && typeof (v as { end?: unknown }).end === 'number';
}

function shiftSpan(span: { start: number; end: number }, map: OffsetMap): void {
  if (map.moved.has(span)) return;
  map.moved.add(span);
  const s = map.start(span.start);
  span.end = Math.max(s, map.end(span.end));
  span.start = s;
}

/**
 * Turns `model` (the model of the text before) into the model of `after` (= that text with `edits` applied,
 * which carried the status changes in `statusesAfter`). Updates `model` in place — it is the engine's private
 * cached copy — and returns it. Diagnostics are shifted but not re-derived.
 */
export function modelAfterEdits(
  model: PlanModel,
  after: string,
  edits: readonly Edit[],
  statusesAfter: ReadonlyMap<string, Status>,
  parse: Parse,
): PlanModel {
  const map = new OffsetMap(edits);
  const next = model;
  const oldLog = model.log;
  next.log = null;
  // Items, phases and sections are the bulk of a large plan: shifted field by field, not walked.
  for (const item of next.items) {
    item.line += map.lines(item.lineSpan.start);
    for (const key in item) {
      const v = (item as unknown as Record<string, unknown>)[key];
      if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
      if (isSpan(v)) shiftSpan(v, map);
      else shiftDeep(v, map); // e.g. the trailing check `{span, text}`
    }
  }
  for (const p of next.phases) {
    p.line += map.lines(p.heading.start);
    shiftSpan(p.heading, map);
    if (p.statedCountSpan) shiftSpan(p.statedCountSpan, map);
  }
  for (const s of next.sections) {
    s.line += map.lines(s.heading.start);
    shiftSpan(s.heading, map);
  }
  shiftDeep([next.facts, next.lastUpdated, next.progress, next.summary, next.diagnostics], map);

  // Items: status, marker and markers straight from the new text of their line.
  const changed: Item[] = [];
  for (const item of next.items) {
    const status = statusesAfter.get(item.key);
    if (status === undefined || status === item.status) continue;
    refreshItem(item, after, parse);
    item.status = status;
    changed.push(item);
  }
  // Facts (`**Last Updated**: …`, `**Progress**: …`) read straight from their spans.
  for (const fact of next.facts) {
    if (edits.some((e) => e.start < fact.span.end + 1 && e.end > fact.span.start - 1)) fact.value = after.slice(fact.span.start, fact.span.end);
  }
  next.counts = countStatuses(next.items);
  // Marker conventions are majorities over the items, so a tick can tip them; line ending and BOM cannot move.
  if (changed.length) next.conventions = { ...readConventions('', next.items as unknown as RawItem[]), eol: next.conventions.eol, bom: next.conventions.bom };
  if (next.summary) {
    for (const row of next.summary.rows) {
      const read = (col: number) => (col >= 0 && row.cells[col] ? numberIn(after.slice(row.cells[col].start, row.cells[col].end)) : null);
      row.stated = {
        total: read(next.summary.columns.total),
        completed: read(next.summary.columns.completed),
        inProgress: read(next.summary.columns.inProgress),
        remaining: read(next.summary.columns.remaining),
      };
    }
  }
  for (const phase of next.phases) {
    if (phase.statedCountSpan) phase.statedCount = numberIn(after.slice(phase.statedCountSpan.start, phase.statedCountSpan.end));
  }
  if (next.lastUpdated) {
    const fresh = parse(after.slice(lineStartOf(after, next.lastUpdated.span.start), lineEndOf(after, next.lastUpdated.span.end)));
    next.lastUpdated.raw = fresh.lastUpdated?.raw ?? after.slice(next.lastUpdated.span.start, next.lastUpdated.span.end);
    next.lastUpdated.date = fresh.lastUpdated?.date ?? next.lastUpdated.date;
  }
  if (next.progress) {
    const raw = after.slice(next.progress.span.start, next.progress.span.end);
    const fresh = parse(after.slice(lineStartOf(after, next.progress.span.start), lineEndOf(after, next.progress.span.end)));
    next.progress.raw = fresh.progress?.raw ?? raw;
    next.progress.percent = fresh.progress?.percent ?? next.progress.percent;
  }

  if (oldLog) next.log = reparseLog(oldLog, after, map, parse);
  else next.log = null;
  // Completion dates of the changed items: the text's own date, else the log's (its last row naming them).
  const logDates = new Map<string, string>();
  for (const week of next.log?.weeks ?? []) for (const row of week.rows) if (row.date) for (const id of row.ids) logDates.set(id, row.date);
  for (const item of changed) {
    item.doneDate = item.status === 'done' ? (item.textDoneDate ?? (item.id !== null ? (logDates.get(item.id) ?? null) : null)) : null;
  }
  return next;
}

/** The log region of the new text (log heading to the next heading of the same or higher level), parsed
 * alone and moved to its place. */
function reparseLog(oldLog: ProgressLog, after: string, map: OffsetMap, parse: Parse): ProgressLog | null {
  const start = map.start(oldLog.heading.start);
  const headingEnd = lineEndOf(after, start);
  const end = sectionEnd(after, headingEnd, oldLog.depth);
  const fragment = after.slice(start, end);
  const log = parse(fragment).log;
  if (!log) return null;
  const lineShift = oldLog.line + map.lines(oldLog.heading.start) - 1;
  const shift = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) {
        if (isSpan(x)) {
          x.start += start;
          x.end += start;
        } else shift(x);
      }
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.line === 'number') o.line = (o.line as number) + lineShift;
    for (const [k, x] of Object.entries(o)) {
      if (x && typeof x === 'object' && typeof (x as { start?: unknown }).start === 'number' && !Array.isArray(x)) {
        (x as { start: number }).start += start;
        (x as { end: number }).end += start;
      } else if (k === 'end' && typeof x === 'number') o.end = x + start;
      else shift(x);
    }
  };
  shift(log);
  return log;
}

/** Re-reads what a status edit may change on an item's own line (marker, trailing ✅, title and dates) by
 * parsing that one line alone; where it sits in the document (key, phase, section, depth) stays. */
function refreshItem(item: Item, after: string, parse: Parse): void {
  const lineText = after.slice(item.lineSpan.start, item.lineSpan.end);
  const body = lineText.trimStart();
  const offset = item.lineSpan.start + (lineText.length - body.length);
  const fresh = parse(body).items[0];
  if (!fresh) {
    item.marker = after.slice(item.statusSpan.start, item.statusSpan.end);
    return;
  }
  const moveBy = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(moveBy);
    if (!v || typeof v !== 'object') return;
    if (isSpan(v)) {
      v.start += offset;
      v.end += offset;
      return;
    }
    for (const x of Object.values(v)) moveBy(x);
  };
  const local = item as unknown as Record<string, unknown>;
  const read = fresh as unknown as Record<string, unknown>;
  for (const key of Object.keys(read)) {
    if (KEEP.has(key)) continue;
    const value = read[key];
    moveBy(value);
    local[key] = value;
  }
}

/** Item fields that depend on the item's place in the document, not on its line's text. */
const KEEP = new Set(['key', 'id', 'depth', 'parentKey', 'phaseKey', 'sectionKey', 'lineSpan', 'line', 'column', 'bullet', 'doneDate', 'status']);

function sectionEnd(text: string, from: number, depth: number): number {
  const re = new RegExp(`^#{1,${depth}}[ \\t]`, 'gm');
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index : text.length;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

function numberIn(text: string): number | null {
  const m = /\d+/.exec(text);
  return m ? Number(m[0]) : null;
}
