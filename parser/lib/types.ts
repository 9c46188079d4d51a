// The plan model: what parsePlan() reads out of a markdown document.
// Offsets are JavaScript string indices (UTF-16 code units) into the exact source string that was parsed,
// BOM character included, so `source.slice(span.start, span.end)` is always the text a field came from.

/** Every status, in the order menus show them (a tuple, so zod's z.enum can take it as it is). */
export const STATUSES = ['todo', 'in-progress', 'done', 'cancelled'] as const;

export type Status = (typeof STATUSES)[number];

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

export interface PlanModel {
  title: string | null;
  /** YAML (`---`) or TOML (`+++`) front matter at the top, left opaque. Always set by parsePlan. */
  frontMatter?: Span | null;
  facts: Fact[];
  lastUpdated: { raw: string; date: string | null; span: Span } | null;
  progress: { raw: string; percent: number | null; span: Span } | null;
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
  };
}

/** A text edit against the exact source: replace source[start, end) — which must equal `expect` — with `text`. */
export interface Edit {
  start: number;
  end: number;
  expect: string;
  text: string;
}

export type Change =
  | { kind: 'set-status'; key: string; status: Status };
