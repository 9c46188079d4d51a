// The plan model: what parsePlan() reads out of a markdown document.
// Offsets are JavaScript string indices (UTF-16 code units) into the exact source string that was parsed,
// BOM character included, so `source.slice(span.start, span.end)` is always the text a field came from.

import type { Status } from './statuses';

export type { Status };

export interface Span {
  start: number;
  end: number;
}

/** 1-based line and column of a span's start. */
export interface Position {
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic extends Position {
  severity: Severity;
  /** Stable machine-readable code, e.g. `count-mismatch`, `duplicate-id`, `mojibake`. */
  code: string;
  message: string;
  span?: Span;
}

export interface Fact {
  key: string;
  value: string;
  span: Span;
}

export interface Item extends Position {
  /** Stable address across re-parses: the ID when there is one (`#2`, `#3` suffixes for duplicates),
   * otherwise derived from the section and the text. Unique within a model. */
  key: string;
  /** The ID the text carries (`CACHE-001`, `T001`, `1.2.3`), or null. */
  id: string | null;
  title: string;
  description: string;
  status: Status;
  /** The exact character between the brackets: ' ', 'x', 'X', '/', '~', '-'. */
  marker: string;
  /** Kiro's `- [ ]*` optional marker. */
  optional: boolean;
  /** Trailing markers such as '✅' or '🚧', in document order. */
  markers: string[];
  /** Done-date written in the text (`✅ 2025-06-18`), ISO `YYYY-MM-DD`. */
  textDoneDate: string | null;
  /** Completion date: the text's done-date, else the date the progress log gives, else null. */
  doneDate: string | null;
  /** The bullet or ordinal as written: '-', '*', '+', '1.', '2)'. */
  bullet: string;
  depth: number;
  parentKey: string | null;
  phaseKey: string | null;
  sectionKey: string | null;
  /** The item's first line, from its indentation up to (not including) the line ending. */
  lineSpan: Span;
  /** The single status character between the brackets. */
  statusSpan: Span;
  /** The text after the checkbox on the first line (title, description and markers). */
  textSpan: Span;
  /** The trailing done check (`✅`, `✅ 2025-06-18`, `âœ…`) with the whitespace before it, when the text ends
   * with one: what a writer removes when the item leaves 'done'. Always set by parsePlan. */
  check?: { span: Span; text: string } | null;
  /** Set when the item is a task-table row (docs/task-tables.md): how its status cell is written back.
   * Null for list items. Always set by parsePlan. */
  cell?: StatusCell | null;
}

/** A task-table row's status cell. `statusSpan` is the checkbox character (`checkbox`) or the whole
 * status text (`word`: `✅ DONE`); `marker` is what it holds. */
export interface StatusCell {
  kind: 'checkbox' | 'word';
  /** Display width of the cell's text before the status (its leading padding). */
  lead: number;
  /** Spaces between the status and the cell's closing pipe, or -1 when they are not plain spaces up to a pipe. */
  trail: number;
  /** Display width between the column's pipes when the table is aligned (its header padded to the delimiter
   * row's widths), else null: an unaligned table keeps each cell's padding as it is. */
  width: number | null;
}

export interface Phase extends Position {
  key: string;
  number: number | null;
  name: string;
  /** `HIGH`, `MEDIUM`, `LOW` … when the heading names one. */
  priority: string | null;
  /** The `(55 items)` count the heading states, and where the number stands. */
  statedCount: number | null;
  statedCountSpan: Span | null;
  /** Trailing status marker such as `✅ COMPLETE`. */
  statusMarker: string | null;
  depth: number;
  heading: Span;
}

export interface Section extends Position {
  key: string;
  /** `1.1`, `2.10` … or null when the heading has no number. */
  number: string | null;
  title: string;
  phaseKey: string | null;
  depth: number;
  heading: Span;
}

export interface StatedCounts {
  total: number | null;
  completed: number | null;
  inProgress: number | null;
  remaining: number | null;
}

export interface Counts {
  total: number;
  done: number;
  inProgress: number;
  todo: number;
  cancelled: number;
  /** total − done − cancelled */
  remaining: number;
  percent: number;
}

export interface SummaryRow extends Position {
  label: string;
  /** The phase this row describes, or null (the TOTAL row, or a row naming no known phase). */
  phaseKey: string | null;
  isTotal: boolean;
  stated: StatedCounts;
  /** Every cell's content span (trimmed), in column order. */
  cells: Span[];
  span: Span;
}

export interface SummaryTable extends Position {
  header: string[];
  /** Column index of each count, or -1 when the table has no such column. */
  columns: { total: number; completed: number; inProgress: number; remaining: number };
  rows: SummaryRow[];
  span: Span;
}

export interface LogRow extends Position {
  /** ISO date when the date cell holds one. */
  date: string | null;
  dateRaw: string;
  itemsRaw: string;
  /** The items cell expanded: lists, `CACHE-001 to CACHE-005`, `DB-001–DB-010`, `SEC-001/002`. */
  ids: string[];
  notes: string;
  cells: Span[];
  span: Span;
}

export interface LogWeek extends Position {
  title: string;
  heading: Span;
  /** The table's span, or null when the week has a heading but no table yet. */
  table: Span | null;
  header: string[];
  rows: LogRow[];
}

export interface ProgressLog extends Position {
  heading: Span;
  depth: number;
  weeks: LogWeek[];
  /** End offset of the log's last block: where a new week goes. */
  end: number;
}

/** A start or target date the document states (parser/lib/plan-dates.ts). */
export interface PlanDate {
  /** `YYYY-MM-DD`. */
  date: string;
  /** Where the date's text stands (inside a fact's value or a front-matter value). */
  span: Span;
  /** The whole line holding it, line break included (what a cleared date removes). */
  line: Span;
  where: 'fact' | 'front-matter';
}

export interface PlanDates {
  start: PlanDate | null;
  target: PlanDate | null;
}

/** Items done of all, as a Progress line states them; `span` covers `3/6` in the text. */
export interface ItemCount {
  done: number;
  total: number;
  span: Span;
}

export interface PlanModel {
  title: string | null;
  /** YAML (`---`) or TOML (`+++`) front matter at the top, left opaque. Always set by parsePlan. */
  frontMatter?: Span | null;
  facts: Fact[];
  /** Start and target dates stated in the document (a fact line or front matter). Always set by parsePlan. */
  dates?: PlanDates;
  lastUpdated: { raw: string; date: string | null; span: Span } | null;
  /** `**Progress**: 3/6 items complete (50%)`: the percent, and the count of items done of all when the line
   * states one (`3/6`, `3 of 6`, optionally followed by items or tasks: not `2/5 phases`). */
  progress: { raw: string; percent: number | null; count: ItemCount | null; span: Span } | null;
  summary: SummaryTable | null;
  phases: Phase[];
  sections: Section[];
  items: Item[];
  log: ProgressLog | null;
  diagnostics: Diagnostic[];
  /** Counted from the items (not stated): overall and per phase key. */
  counts: { total: Counts; byPhase: Record<string, Counts> };
  /** The document's conventions, for writing new text the way it is already written. */
  conventions: {
    eol: '\n' | '\r\n';
    bom: boolean;
    /** Marker used for done items: 'x' or 'X'. */
    doneMarker: string;
    /** Marker used for in-progress items: '/' or '~'. */
    inProgressMarker: string;
    /** Whether done items carry a trailing '✅' (possibly as mojibake, see `doneCheck`). */
    checkOnDone: boolean;
    /** The exact trailing check text done items use: '✅' or its mojibake 'âœ…'. */
    doneCheck: string;
    /** Whether done items' checks carry a date (`✅ 2025-06-18`). Always set by parsePlan. */
    checkDated?: boolean;
    /** How task-table status cells spell each status: the Status Legend's spelling, else the rows' most
     * common, else the default in the rows' style. Always set by parsePlan. */
    statusWords?: Record<Status, string>;
    /** The spellings the document's Status Legend gives, by status. Always set by parsePlan. */
    statusLegend?: Partial<Record<Status, string>>;
  };
}

/** A text edit against the exact source: replace source[start, end) — which must equal `expect` — with `text`. */
export interface Edit {
  start: number;
  end: number;
  expect: string;
  text: string;
}

/** `note` fills the Notes cell of the progress-log row a completion writes; `by` (who made the change) its
 * By/Who column, where the log has one. */
export type Change = { kind: 'set-status'; key: string; status: Status; note?: string; by?: string };
