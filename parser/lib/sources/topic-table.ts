// Which markdown tables are *source* tables (a gap analysis's topic list) rather than plan content.
// A source table has a header cell that says exactly `Status` and one that says exactly `Priority`
// (case and emphasis ignored): that pair is what a gap analysis has and a task table does not. The
// table-plan reader (issue 16) calls `isSourceTable` to leave such tables alone.

/** Status words a source row may carry, in order of need: a MISSING topic needs more work than a PARTIAL one. */
export const TOPIC_STATUSES = ['MISSING', 'PARTIAL', 'EXISTS'] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];

/** Priority words, highest first; a plan gets one phase per priority in this order. */
export const TOPIC_PRIORITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type TopicPriority = (typeof TOPIC_PRIORITIES)[number];

export interface SourceColumns {
  topic: number;
  status: number;
  priority: number;
  /** The gap description column, or null when the table has none. */
  description: number | null;
}

const plain = (cell: string): string =>
  cell
    .replace(/\*\*|__|[*_`]/g, '')
    .trim()
    .toLowerCase();

/** True when a table header (its cells' text) marks a source topic table: a `Status` and a `Priority` column. */
export function isSourceTable(headerCells: readonly string[]): boolean {
  const cells = headerCells.map(plain);
  return cells.includes('status') && cells.includes('priority');
}

/**
 * A header that names only one of `Status` / `Priority` next to a topic column: meant as a source table but
 * missing a column. Returns the missing column names, or null when the header is not topic-like at all.
 */
export function missingSourceColumns(headerCells: readonly string[]): string[] | null {
  const cells = headerCells.map(plain);
  const hasStatus = cells.includes('status');
  const hasPriority = cells.includes('priority');
  if (hasStatus === hasPriority) return null;
  if (!cells.some((c) => /\btopics?\b/.test(c))) return null;
  return hasStatus ? ['Priority'] : ['Status'];
}

/** Column positions of a source table's header (call only when `isSourceTable` holds). */
export function sourceColumns(headerCells: readonly string[]): SourceColumns {
  const cells = headerCells.map(plain);
  const status = cells.indexOf('status');
  const priority = cells.indexOf('priority');
  const named = cells.findIndex((c) => /\btopics?\b/.test(c));
  const topic = named >= 0 ? named : cells.findIndex((_, i) => i !== status && i !== priority);
  const description = cells.findIndex(
    (c, i) => i !== topic && i !== status && i !== priority && /description|gap|notes?/.test(c),
  );
  return { topic, status, priority, description: description >= 0 ? description : null };
}
