// A source document (a gap analysis): markdown with topic tables under category headings, read with remark
// into topics. Pure and total like parsePlan: any text in, topics and diagnostics (line, column) out.
import type { Heading, Root, RootContent, Table, TableRow } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Diagnostic, Severity } from '../types';
import {
  isSourceTable,
  missingSourceColumns,
  sourceColumns,
  TOPIC_PRIORITIES,
  TOPIC_STATUSES,
  type TopicPriority,
  type TopicStatus,
} from './topic-table';
import { normaliseTopic } from './topic-names';

export interface SourceTopic {
  /** The source file as the caller named it. */
  file: string;
  /** 1-based line of the topic's table row. */
  line: number;
  column: number;
  /** The category heading's name (`### Category 1: Caching (GAPS)` → `Caching`). */
  category: string;
  topic: string;
  status: TopicStatus;
  /** Null only for a row whose priority cell is empty or `-` (usual for EXISTS rows). */
  priority: TopicPriority | null;
  description: string;
}

export interface SourceModel {
  file: string;
  /** The document's first heading, or null. */
  title: string | null;
  topics: SourceTopic[];
  /** Number of source topic tables found; 0 means the text is not a source document. */
  tables: number;
  diagnostics: Diagnostic[];
}

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

/** Plain text of an mdast node: emphasis and code markers dropped, escapes resolved. */
function text(node: RootContent | Root): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as RootContent[]).map(text).join('');
  return '';
}

/** `Category 1: Caching (GAPS - Enhances part_1)` → `Caching`; other headings lose only a trailing `(…)`. */
export function categoryName(heading: string): string {
  const name = heading.replace(/^\s*category\s+\d+\s*[:.-]\s*/i, '');
  return name.replace(/\s*\([^)]*\)\s*$/, '').trim() || heading.trim();
}

/** A line with the word "status" and a pipe after it: every topic table's header has one. Unanchored, so it
 * costs one pass (a line-anchored `^.*\bstatus\b.*\|` backtracked over every line: 8 ms on a 1 MB plan). */
export const STATUS_THEN_PIPE = /\bstatus\b[^\n\r\u2028\u2029|]*\|/i;

/** True when the text holds at least one source topic table (a gap analysis, not a plan). */
export function looksLikeSource(source: string): boolean {
  // Cheap guard first: sync asks this of every plan it imports, and a full parse of a large plan is slow.
  if (!STATUS_THEN_PIPE.test(source) || !/\bpriority\b/i.test(source)) return false;
  const tree = processor.parse(source);
  return tree.children.some((node) => node.type === 'table' && isSourceTable(headerOf(node)));
}

function headerOf(table: Table): string[] {
  return table.children[0]?.children.map((cell) => text(cell)) ?? [];
}

export function parseSource(source: string, file: string): SourceModel {
  const tree = processor.parse(String(source ?? ''));
  const diagnostics: Diagnostic[] = [];
  const topics: SourceTopic[] = [];
  const seen = new Map<string, number>();
  let title: string | null = null;
  let category: string | null = null;
  let tables = 0;

  const diag = (severity: Severity, code: string, message: string, line: number, column: number): void => {
    diagnostics.push({ severity, code, message, line, column });
  };

  for (const node of tree.children) {
    if (node.type === 'heading') {
      const heading = text(node as Heading).trim();
      if (title === null && node.depth === 1) title = heading;
      if (node.depth > 1) category = categoryName(heading);
      continue;
    }
    if (node.type !== 'table') continue;
    const header = headerOf(node);
    const start = node.position!.start;
    const missing = missingSourceColumns(header);
    if (missing) {
      diag(
        'error',
        'missing-columns',
        `This topic table has no ${missing.join(' or ')} column; add it so its rows can be read as topics.`,
        start.line,
        start.column,
      );
      continue;
    }
    if (!isSourceTable(header)) continue;
    tables++;
    const columns = sourceColumns(header);
    for (const row of node.children.slice(1)) {
      const topic = readRow(row, columns, category ?? title ?? file, file, diag);
      if (!topic) continue;
      const key = normaliseTopic(topic.topic);
      const first = seen.get(key);
      if (first !== undefined) {
        diag(
          'warning',
          'duplicate-topic',
          `"${topic.topic}" is already listed on line ${first}; the two rows count as one topic.`,
          topic.line,
          topic.column,
        );
        continue;
      }
      seen.set(key, topic.line);
      topics.push(topic);
    }
  }
  return { file, title, topics, tables, diagnostics };
}

function readRow(
  row: TableRow,
  columns: ReturnType<typeof sourceColumns>,
  category: string,
  file: string,
  diag: (severity: Severity, code: string, message: string, line: number, column: number) => void,
): SourceTopic | null {
  const cell = (i: number | null) => (i === null || !row.children[i] ? '' : text(row.children[i]).trim());
  // Point at the cell's text (its first child), not at the pipe that opens the cell.
  const where = (i: number) =>
    row.children[i]?.children[0]?.position?.start ?? row.children[i]?.position?.start ?? row.position!.start;
  const line = row.position!.start.line;
  const topic = cell(columns.topic);
  if (!topic) {
    diag('warning', 'empty-topic', 'This row has no topic name; it is skipped.', line, where(columns.topic).column);
    return null;
  }
  const statusWord = cell(columns.status).toUpperCase();
  if (!(TOPIC_STATUSES as readonly string[]).includes(statusWord)) {
    diag(
      'error',
      'unknown-status',
      `Unknown status "${cell(columns.status)}" for "${topic}"; use ${TOPIC_STATUSES.join(', ')}.`,
      line,
      where(columns.status).column,
    );
    return null;
  }
  const priorityWord = cell(columns.priority).toUpperCase();
  let priority: TopicPriority | null = null;
  if ((TOPIC_PRIORITIES as readonly string[]).includes(priorityWord)) priority = priorityWord as TopicPriority;
  else if (priorityWord !== '' && priorityWord !== '-' && priorityWord !== '—' && priorityWord !== 'N/A') {
    diag(
      'error',
      'unknown-priority',
      `Unknown priority "${cell(columns.priority)}" for "${topic}"; use ${TOPIC_PRIORITIES.join(', ')} (or - for none).`,
      line,
      where(columns.priority).column,
    );
    return null;
  } else if (statusWord !== 'EXISTS') {
    diag(
      'warning',
      'missing-priority',
      `"${topic}" is ${statusWord} but has no priority; it will not be planned until it has one.`,
      line,
      where(columns.priority).column,
    );
  }
  return {
    file,
    line,
    column: where(columns.topic).column,
    category,
    topic,
    status: statusWord as TopicStatus,
    priority,
    description: cell(columns.description),
  };
}
