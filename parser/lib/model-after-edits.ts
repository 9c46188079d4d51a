// The model of the text after a write-back, without parsing the whole document again (a 10,000-item plan
// takes seconds to parse; a tick must not). Offsets and line numbers after each edit shift; the changed items,
// summary numbers, phase counts, Last Updated and Progress are updated in place; only the progress log —
// a small region whose rows and IDs the edit may have reshaped — is parsed again, on its own.
import type { Edit, Item, LogRow, LogWeek, PlanModel, ProgressLog, Span, Status } from './types';
import { rowCells } from './tables';
import { logColumns, logIds } from './progress-log';
import { countsAfter, emptyCounts, moveCount } from './counts';
import { conventionsOfTally, readConventions, tallyConventions, tallyItem, type ConventionTally } from './conventions';
import { emptyLogCheckMemo, recheckConsistency, type LogCheckMemo } from './consistency';
import type { RawItem } from './items';
import { cellTrail } from './task-tables';
import { LineIndex, withinLine } from './lines';
import { factsOfLine, itemOfLine } from './parse-plan';
import type { TextView } from './text-view';
import { byOffset, findItem, inverseEdits } from './edits';
import { findMojibake, type MojibakeSpan } from './encoding';

type Parse = (source: string) => PlanModel;

/** Maps offsets of the old text to the new one. A position at an insertion point moves after the
 * insertion when it starts something there; an end stays before it. */
export class OffsetMap {
  /** The edits, ascending. */
  readonly sorted: Edit[];
  /** Ends of the edits (ascending: edits never overlap), and the length/line change of the first k edits. */
  private readonly ends: number[];
  private readonly delta: number[] = [0];
  private readonly lineDelta: number[] = [0];
  /** Whether an edit is an insertion that continues its line (counts inside a span ending where it goes). */
  private readonly continues: boolean[];
  /** Spans already moved: the parser shares some span objects between parts of the model. */
  readonly moved = new WeakSet<object>();
  /** Every edit keeps its length and touches no line ending (a checkbox flipped, `x` for ` `): no offset,
   * line or line start moves, so nothing needs shifting. */
  readonly still: boolean;
  constructor(edits: readonly Edit[]) {
    this.sorted = [...edits].sort(byOffset);
    this.still = edits.every((e) => e.text.length === e.end - e.start && withinLine(e));
    this.ends = this.sorted.map((e) => e.end);
    for (const e of this.sorted) {
      this.delta.push(this.delta[this.delta.length - 1] + e.text.length - (e.end - e.start));
      this.lineDelta.push(this.lineDelta[this.lineDelta.length - 1] + countNl(e.text) - countNl(e.expect));
    }
    this.continues = this.sorted.map((e) => e.start === e.end && e.text !== '' && !/^\r?\n/.test(e.text));
  }
  /** How many edits end at or before `x`. */
  private upTo(x: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  start(x: number): number {
    return x + this.delta[this.upTo(x)];
  }
  end(x: number): number {
    // An insertion right at the end extends the span when it continues the line (a trailing ` ✅`), not when
    // it starts a new line (a log row after the last one), and an edit starting at the end is outside it.
    let k = this.upTo(x);
    while (k > 0 && this.sorted[k - 1].start === x && !this.continues[k - 1]) k--;
    return x + this.delta[k];
  }
  /** Lines added (or removed) before `x`. */
  lines(x: number): number {
    return this.lineDelta[this.upTo(x)];
  }
  /** The shift of a span strictly between two edits (every offset in it moves alike), or null when an edit
   * touches it: one search instead of one per offset, for the 10,000 items a tick mostly leaves alone. */
  gap(start: number, end: number): { delta: number; lines: number } | null {
    const k = this.upTo(start);
    if (k > 0 && this.ends[k - 1] >= start) return null;
    if (k < this.sorted.length && this.sorted[k].start <= end) return null;
    return { delta: this.delta[k], lines: this.lineDelta[k] };
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
  return (
    !!v &&
    typeof v === 'object' &&
    typeof (v as { start?: unknown }).start === 'number' &&
    typeof (v as { end?: unknown }).end === 'number'
  );
}

function moveSpan(span: { start: number; end: number }, map: OffsetMap): void {
  const s = map.start(span.start);
  span.end = Math.max(s, map.end(span.end));
  span.start = s;
}

/** moveSpan for spans the parser may share between parts of the model: each moves once. */
function shiftSpan(span: { start: number; end: number }, map: OffsetMap): void {
  if (map.moved.has(span)) return;
  map.moved.add(span);
  moveSpan(span, map);
}

/**
 * Turns `model` (the model of the text before) into the model of `after` (= that text with `edits` applied,
 * which carried the status changes in `statusesAfter`). Updates `model` in place — it is the engine's private
 * cached copy — and returns it. Diagnostics are shifted but not re-derived.
 */
export function modelAfterEdits(
  model: PlanModel,
  after: TextView,
  edits: readonly Edit[],
  statusesAfter: ReadonlyMap<string, Status>,
  parse: Parse,
  /** The text of the changed items' lines, when `after` is not yet the new text there (model-after-flips.ts's
   * modelAfterFlipsAt: the flipped characters were read from the file's bytes, never decoded). */
  lineOf?: (start: number, end: number) => string,
): PlanModel {
  const map = new OffsetMap(edits);
  const next = model;
  const oldLog = model.log;
  next.log = null;
  const kept = upkeepOf(next.items);
  // Edits that move nothing (checkbox flips, decision 057) leave every span, line and line start where it is:
  // the walk over every item, phase, section and log row below is skipped, and the line index kept.
  if (!map.still) {
    kept.lines = kept.lines?.afterEdits(after, map.sorted) ?? null;
    shiftModel(next, map);
  }

  // Items: status, marker and markers straight from the new text of their line.
  const changed: Item[] = [];
  const oldStatus = new Map<Item, Status>();
  for (const [key, status] of statusesAfter) {
    const item = findItem(next, key);
    if (!item || status === item.status) continue;
    oldStatus.set(item, item.status);
    tallyItem(kept.tally, item as unknown as RawItem, -1);
    refreshItem(
      item,
      lineOf ? lineOf(item.lineSpan.start, item.lineSpan.end) : after.slice(item.lineSpan.start, item.lineSpan.end),
      after,
    );
    item.status = status;
    tallyItem(kept.tally, item as unknown as RawItem, 1);
    changed.push(item);
  }
  // Facts (`**Last Updated**: …`, `**Progress**: …`) read straight from their spans.
  for (const fact of next.facts) {
    if (edits.some((e) => e.start < fact.span.end + 1 && e.end > fact.span.start - 1))
      fact.value = after.slice(fact.span.start, fact.span.end);
  }
  next.counts = countsAfter(model, []);
  for (const item of changed) {
    // `changed` already carries the new status: move the counts from the old one.
    const was = oldStatus.get(item)!;
    for (const c of item.phaseKey !== null
      ? [next.counts.total, (next.counts.byPhase[item.phaseKey] ??= emptyCounts())]
      : [next.counts.total]) {
      moveCount(c, was, item.status);
    }
  }
  // Marker conventions are majorities over the items, so a tick can tip them; line ending and BOM cannot move.
  // The tally moves by the changed items; a tie (document order decides) is counted afresh.
  if (changed.length) {
    const fromTally = conventionsOfTally(kept.tally, next.conventions);
    next.conventions = fromTally ?? {
      ...readConventions('', next.items as unknown as RawItem[], next.conventions.statusLegend ?? {}),
      eol: next.conventions.eol,
      bom: next.conventions.bom,
    };
  }
  if (next.summary) {
    for (const row of next.summary.rows) {
      const read = (col: number) =>
        col >= 0 && row.cells[col] ? numberIn(after.slice(row.cells[col].start, row.cells[col].end)) : null;
      row.stated = {
        total: read(next.summary.columns.total),
        completed: read(next.summary.columns.completed),
        inProgress: read(next.summary.columns.inProgress),
        remaining: read(next.summary.columns.remaining),
      };
    }
  }
  for (const phase of next.phases) {
    if (phase.statedCountSpan)
      phase.statedCount = numberIn(after.slice(phase.statedCountSpan.start, phase.statedCountSpan.end));
  }
  // A fact's line is read again only when an edit touched it (most ticks move neither the date nor the percent).
  // Where each edit's text lies in the new text: what its inverse would replace.
  const written = inverseEdits(edits);
  const touchedLine = (span: Span): [number, number] | null => {
    const line: [number, number] = [lineStartOf(after, span.start), lineEndOf(after, span.end)];
    return written.some((w) => w.start <= line[1] && w.end >= line[0]) ? line : null;
  };
  const lastUpdatedLine = next.lastUpdated && touchedLine(next.lastUpdated.span);
  if (next.lastUpdated && lastUpdatedLine) {
    const fresh = factsOfLine(after.slice(...lastUpdatedLine));
    next.lastUpdated.raw =
      fresh.lastUpdated?.raw ?? after.slice(next.lastUpdated.span.start, next.lastUpdated.span.end);
    next.lastUpdated.date = fresh.lastUpdated?.date ?? next.lastUpdated.date;
  }
  const progressLine = next.progress && touchedLine(next.progress.span);
  if (next.progress && progressLine) {
    const raw = after.slice(next.progress.span.start, next.progress.span.end);
    const fresh = factsOfLine(after.slice(...progressLine));
    next.progress.raw = fresh.progress?.raw ?? raw;
    next.progress.percent = fresh.progress?.percent ?? next.progress.percent;
    if (fresh.progress) {
      const { count } = fresh.progress;
      const at = progressLine[0]; // the line was read on its own: its offsets start at 0
      next.progress.count = count && { ...count, span: { start: at + count.span.start, end: at + count.span.end } };
    }
  }

  if (oldLog) next.log = reparseLog(oldLog, after, edits, map, parse);
  else next.log = null;
  // Completion dates of the changed items: the text's own date, else the log's (its last row naming them).
  // Only the changed items' IDs are looked up (the log names thousands on a large plan).
  const wanted = new Set(changed.map((item) => item.id).filter((id) => id !== null));
  const logDates = new Map<string, string>();
  if (wanted.size)
    for (const week of next.log?.weeks ?? [])
      for (const row of week.rows)
        if (row.date) for (const id of row.ids) if (wanted.has(id)) logDates.set(id, row.date);
  for (const item of changed) {
    item.doneDate =
      item.status === 'done'
        ? (item.textDoneDate ?? (item.id !== null ? (logDates.get(item.id) ?? null) : null))
        : null;
  }
  // Only a document with mojibake can gain or lose some by a tick; its runs are kept and moved like the lines.
  kept.mojibake = !next.diagnostics.some((d) => d.code === 'mojibake')
    ? null
    : kept.mojibake
      ? mojibakeAfterEdits(kept.mojibake, after, map, written)
      : findMojibake(after.toString());
  // A diagnostic's position needs the line starts: scanning a 1 MB text for them costs milliseconds, so they
  // are kept, and moved, while no edit adds or removes a line.
  recheckConsistency(next, after, { ...kept, changed, lines: () => (kept.lines ??= new LineIndex(after)) });
  return next;
}

/** Moves every span and line of the model by the edits. Items, phases and sections are the bulk of a large
 * plan: shifted field by field, not walked. */
function shiftModel(next: PlanModel, map: OffsetMap): void {
  // Diagnostics point at spans of items, rows and cells (the same objects): give them their own copies so
  // every span moves exactly once.
  for (const d of next.diagnostics) if (d.span) d.span = { ...d.span };
  for (const item of next.items) {
    const gap = map.gap(item.lineSpan.start, item.lineSpan.end);
    if (gap && spansWithin(item)) {
      if (gap.delta !== 0) shiftItem(item, gap.delta);
      item.line += gap.lines;
      continue;
    }
    item.line += map.lines(item.lineSpan.start);
    // An item's spans are its own objects (no shared-span bookkeeping needed). The fields are named, not
    // discovered: 10,000 items × every field is measurable on a tick (the fresh-parse test catches a new one).
    moveSpan(item.lineSpan, map);
    moveSpan(item.statusSpan, map);
    moveSpan(item.textSpan, map);
    if (item.check) moveSpan(item.check.span, map);
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
  shiftDeep([next.facts, next.dates, next.lastUpdated, next.progress, next.summary, next.diagnostics], map);
}

/** What the upkeep keeps between ticks of one model, keyed by its items array (a tick keeps the array and
 * every item's ID and place; a parse or a structural change makes a new one): the items by ID, the conventions'
 * tally, the log check's findings, the line starts and the mojibake (by key: item-index.ts). */
interface Upkeep {
  firstById: Map<string, Item>;
  allById: Map<string, Item[]>;
  tally: ConventionTally;
  log: LogCheckMemo;
  /** Line starts of the text, once a diagnostic needed a position; moved by edits within lines (LineIndex.afterEdits),
   * dropped by edits that add or remove a line ending. */
  lines: LineIndex | null;
  /** The text's mojibake runs, while the model has a mojibake diagnostic. */
  mojibake: MojibakeSpan[] | null;
}

const upkeeps = new WeakMap<readonly Item[], Upkeep>();

function upkeepOf(items: Item[]): Upkeep {
  let kept = upkeeps.get(items);
  if (!kept) {
    const allById = new Map<string, Item[]>();
    for (const item of items) {
      if (item.id === null) continue;
      const same = allById.get(item.id);
      if (same) same.push(item);
      else allById.set(item.id, [item]);
    }
    kept = {
      firstById: new Map([...allById].map(([id, all]) => [id, all[0]])),
      allById,
      tally: tallyConventions(items as unknown as RawItem[]),
      log: emptyLogCheckMemo(),
      lines: null,
      mojibake: null,
    };
    upkeeps.set(items, kept);
  }
  return kept;
}

/** Whether an item's spans all lie on its first line (a gap that holds the line then holds them all). */
function spansWithin(item: Item): boolean {
  const line = item.lineSpan;
  return within(item.statusSpan, line) && within(item.textSpan, line) && (!item.check || within(item.check.span, line));
}

// Plain functions, not closures: this runs for every item on every tick.
function within(span: Span, line: Span): boolean {
  return span.start >= line.start && span.end <= line.end;
}

function shiftItem(item: Item, delta: number): void {
  addTo(item.lineSpan, delta);
  addTo(item.statusSpan, delta);
  addTo(item.textSpan, delta);
  if (item.check) addTo(item.check.span, delta);
}

function addTo(span: Span, delta: number): void {
  span.start += delta;
  span.end += delta;
}

/** The mojibake runs of the new text (findMojibake's), from those of the text before the edits: a run never
 * spans a line ending, so runs on lines no edit wrote only move, and the written lines are searched again. A
 * search of the whole text needs it copied whole first: ~12 ms a tick on a 1 MB plan. */
export function mojibakeAfterEdits(
  before: readonly MojibakeSpan[],
  after: TextView,
  map: OffsetMap,
  written: readonly Edit[],
): MojibakeSpan[] {
  const lines: [number, number][] = [];
  for (const w of [...written].sort(byOffset)) {
    const start = lineStartOf(after, w.start);
    const end = lineEndOf(after, w.end);
    const last = lines[lines.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else lines.push([start, end]);
  }
  const onWrittenLine = (at: number) => lines.some(([start, end]) => at >= start && at <= end);
  const spans: MojibakeSpan[] = [];
  for (const span of before) {
    // A run an edit touches (or borders: runs join) is searched again with its line.
    const gap = map.gap(span.start, span.end);
    if (!gap || onWrittenLine(span.start + gap.delta)) continue;
    spans.push(gap.delta ? { ...span, start: span.start + gap.delta, end: span.end + gap.delta } : span);
  }
  for (const [start, end] of lines) {
    for (const found of findMojibake(after.slice(start, end)))
      spans.push({ ...found, start: found.start + start, end: found.end + start });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The log of the new text: weeks the edits touched are parsed again on their own (under a copy of the log
 * heading, so the parser reads them as a log), the others only move. A 10,000-item plan's log has a thousand
 * rows; a tick touches one or two weeks of it. */
function reparseLog(
  oldLog: ProgressLog,
  after: TextView,
  edits: readonly Edit[],
  map: OffsetMap,
  parse: Parse,
): ProgressLog | null {
  const weeks = oldLog.weeks;
  const log: ProgressLog = { ...oldLog, heading: { ...oldLog.heading }, weeks: [] };
  log.line = oldLog.line + map.lines(oldLog.heading.start);
  log.heading = { start: map.start(oldLog.heading.start), end: map.end(oldLog.heading.end) };
  const last = weeks.length - 1;
  const bounds = weeks.map((w, k): [number, number] => [
    w.heading.start,
    k < last ? weeks[k + 1].heading.start : oldLog.end,
  ]);
  const touches = (k: number) =>
    edits.some((e) =>
      k === last ? e.end >= bounds[k][0] && e.start <= bounds[k][1] : e.end > bounds[k][0] && e.start < bounds[k][1],
    );
  const touched = weeks.map((_, k) => touches(k));
  // The common tick edits one row's items cell in place: re-read that row, parse nothing.
  const inRow = (e: Edit) =>
    withinLine(e) && weeks.some((w) => w.rows.some((r) => e.start > r.span.start && e.end < r.span.end));
  const logEdits = edits.filter((e) => e.end >= oldLog.heading.start && e.start <= oldLog.end);
  if (logEdits.every(inRow)) {
    log.weeks = weeks;
    for (const [k, w] of weeks.entries()) {
      const rows = touched[k]
        ? w.rows.filter((r) => logEdits.some((e) => e.start > r.span.start && e.end < r.span.end))
        : [];
      if (!map.still) shiftWeek(w, map);
      for (const r of rows) rereadRow(r, w, after);
    }
    log.end = map.end(oldLog.end);
    return log;
  }
  const lo = touched.indexOf(true);
  const hi = touched.lastIndexOf(true);
  const start = map.start(bounds[lo][0]);
  const end =
    hi === last ? sectionEnd(after, lineEndOf(after, log.heading.start), oldLog.depth) : map.start(bounds[hi][1]);
  // A week under its own heading is parsed below a copy of the log heading; a table straight under the log
  // heading (its "week" is the log heading itself) is parsed from the log heading.
  const own = weeks[lo].heading.start === oldLog.heading.start;
  const prefix = own ? '' : after.slice(log.heading.start, lineEndOf(after, log.heading.start)) + '\n\n';
  const parsed = parse(prefix + after.slice(start, end)).log;
  const offset = start - prefix.length;
  const lineShift = weeks[lo].line + map.lines(weeks[lo].heading.start) - 1 - (own ? 0 : 2);
  const moved = (parsed?.weeks ?? []).filter((w) => own || w.heading.start >= prefix.length);
  moveBy(moved, offset, lineShift);
  const before = weeks.slice(0, lo);
  const afterWeeks = weeks.slice(hi + 1);
  for (const w of before) shiftWeek(w, map);
  for (const w of afterWeeks) shiftWeek(w, map);
  log.weeks = [...before, ...moved, ...afterWeeks];
  log.end = hi === last && parsed ? parsed.end + offset : map.end(oldLog.end);
  return log;
}

/** A row whose items cell an edit rewrote in place, read again the way the parser reads it
 * (parser/lib/progress-log.ts): its cells, the items text and the IDs it names. */
function rereadRow(row: LogRow, week: LogWeek, after: TextView): void {
  const itemsCol = logColumns(week.header).items;
  const line = after.slice(row.span.start, row.span.end);
  row.cells = rowCells(line, 0, line.length).map((c) => ({
    start: c.start + row.span.start,
    end: c.end + row.span.start,
  }));
  row.itemsRaw = row.cells[itemsCol] ? after.slice(row.cells[itemsCol].start, row.cells[itemsCol].end) : '';
  row.ids = logIds(row.itemsRaw);
}

/** A week the edits did not touch: its spans and lines move (its rows' span objects are its own). */
function shiftWeek(week: LogWeek, map: OffsetMap): void {
  week.line += map.lines(week.heading.start);
  moveSpan(week.heading, map);
  if (week.table) moveSpan(week.table, map);
  for (const row of week.rows) {
    row.line += map.lines(row.span.start);
    moveSpan(row.span, map);
    for (const cell of row.cells) moveSpan(cell, map);
  }
}

/** Moves every span by `offset` and every line by `lines` (a part parsed on its own, put in its place). */
function moveBy(value: unknown, offset: number, lines: number): void {
  if (Array.isArray(value)) {
    for (const x of value) {
      if (isSpan(x)) {
        x.start += offset;
        x.end += offset;
      } else moveBy(x, offset, lines);
    }
    return;
  }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if (typeof o.line === 'number') o.line = (o.line as number) + lines;
  for (const x of Object.values(o)) {
    if (!Array.isArray(x) && isSpan(x)) {
      x.start += offset;
      x.end += offset;
    } else if (x && typeof x === 'object') moveBy(x, offset, lines);
  }
}

/** Re-reads what a status edit may change on an item's own line (marker, trailing ✅, title and dates) by
 * reading that one line alone; where it sits in the document (key, phase, section, depth) stays. */
function refreshItem(item: Item, lineText: string, after: TextView): void {
  const body = lineText.trimStart();
  const offset = item.lineSpan.start + (lineText.length - body.length);
  const fresh = itemOfLine(body);
  if (!fresh) {
    // A task-table row (its line alone is no table) or a line that no longer reads as an item.
    item.marker = after.slice(item.statusSpan.start, item.statusSpan.end);
    if (item.cell) item.cell = { ...item.cell, trail: cellTrail(after, item.statusSpan.end, item.lineSpan.end) };
    return;
  }
  const local = item as unknown as Record<string, unknown>;
  const read = { ...fresh, cell: fresh.cell ?? null } as unknown as Record<string, unknown>;
  for (const key of LINE_FIELDS) {
    const value = read[key];
    moveBy([value], offset, 0); // in an array, so a field that is itself a span moves too
    local[key] = value;
  }
}

/** Item fields its line's text decides (the others depend on its place in the document). A field missing here
 * keeps its old value after a tick: the fresh-parse tests (modelAfterEdits = parsePlan of the new text) say so. */
const LINE_FIELDS = [
  'title',
  'description',
  'marker',
  'optional',
  'markers',
  'textDoneDate',
  'statusSpan',
  'textSpan',
  'check',
  'cell',
] as const satisfies readonly (keyof Item)[];

/** Where the section that goes on at `from` ends: the next heading of `depth` or higher. Only a tick that
 * reshapes the log's last week asks (the first of a day, say): the whole text is read then. */
function sectionEnd(text: TextView, from: number, depth: number): number {
  const re = new RegExp(`^#{1,${depth}}[ \\t]`, 'gm');
  re.lastIndex = from;
  const flat = text.toString();
  const m = re.exec(flat);
  return m ? m.index : flat.length;
}

function lineStartOf(text: TextView, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: TextView, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

function numberIn(text: string): number | null {
  const m = /\d+/.exec(text);
  return m ? Number(m[0]) : null;
}
