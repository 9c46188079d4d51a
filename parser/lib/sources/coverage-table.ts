// Where a plan keeps its links to source topics (decision 024): one table under `## Source Coverage` at the end
// of the plan, a row per link `| CACHE-001 | part_1_gap_analysis.md | 30 | Thunder Herd Problem |`. Item lines
// stay clean; the link names the item by ID and the topic by file and title (the line is a hint), so it
// survives renaming either title and moving rows.
import type { Root, RootContent, Table } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

export const COVERAGE_HEADING = 'Source Coverage';
const HEADER = ['Item', 'Source', 'Line', 'Topic'];

export interface CoverageLink {
  /** The plan item's ID. */
  id: string;
  file: string;
  line: number;
  topic: string;
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

/** The section's lines (heading, explanation, table), links in the order given. */
export function coverageTable(links: readonly CoverageLink[]): string[] {
  return [
    `## ${COVERAGE_HEADING}`,
    '',
    'Which source topics each item covers (kept by `tickmark coverage`; edit rows to confirm, add or remove links).',
    '',
    `| ${HEADER.join(' | ')} |`,
    '|------|--------|------|-------|',
    ...links.map((l) => `| ${l.id} | ${escapeCell(l.file)} | ${l.line} | ${escapeCell(l.topic)} |`),
  ];
}

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

function text(node: RootContent | Root): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as RootContent[]).map(text).join('');
  return '';
}

/** The links a plan carries in its Source Coverage table (none when it has no such section). */
export function readCoverageTable(source: string): CoverageLink[] {
  const tree = processor.parse(source);
  let inSection = false;
  const links: CoverageLink[] = [];
  for (const node of tree.children) {
    if (node.type === 'heading') {
      inSection = text(node).trim().toLowerCase() === COVERAGE_HEADING.toLowerCase();
      continue;
    }
    if (!inSection || node.type !== 'table') continue;
    const rows = (node as Table).children.map((row) => row.children.map((cell) => text(cell).trim()));
    const header = rows[0]?.map((c) => c.toLowerCase()) ?? [];
    const col = (name: string) => header.indexOf(name.toLowerCase());
    const [id, file, line, topic] = HEADER.map(col);
    if (id < 0 || file < 0 || topic < 0) continue;
    for (const r of rows.slice(1)) {
      if (!r[id] || !r[file] || !r[topic]) continue;
      links.push({ id: r[id], file: r[file], line: line >= 0 ? Number(r[line]) || 0 : 0, topic: r[topic] });
    }
  }
  return links;
}
