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

/** `text` with its Source Coverage section holding exactly `links` (lines joined by `eol`): the section is
 * replaced when the plan has one, else appended at the end. No other byte changes. */
export function withCoverageSection(text: string, links: readonly CoverageLink[], eol: string): string {
  const section = coverageTable(links).join(eol) + eol;
  const heading = new RegExp(`^## ${COVERAGE_HEADING}[ \\t]*\\r?$`, 'm').exec(text);
  if (!heading) {
    const sep = text === '' || text.endsWith('\n') ? '' : eol;
    return `${text}${sep}${eol}${section}`;
  }
  // The section runs to the next level-1 or level-2 heading, or to the end.
  const rest = text.slice(heading.index + heading[0].length);
  const next = /^#{1,2} /m.exec(rest);
  const end = next ? heading.index + heading[0].length + next.index : text.length;
  const tail = text.slice(end);
  return text.slice(0, heading.index) + section + (tail ? eol + tail : '');
}

/** Whether two link lists are the same rows in the same order. */
export function sameLinks(a: readonly CoverageLink[], b: readonly CoverageLink[]): boolean {
  return (
    a.length === b.length &&
    a.every((l, i) => l.id === b[i].id && l.file === b[i].file && l.line === b[i].line && l.topic === b[i].topic)
  );
}

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

function text(node: RootContent | Root): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as RootContent[]).map(text).join('');
  return '';
}

/** The links a plan carries in its Source Coverage table (none when it has no such section). */
export function readCoverageTable(source: string): CoverageLink[] {
  // Parsing a whole plan to find one section at its end costs more than everything else coverage does: a plan
  // that never names the section has none, and one with an ATX heading for it is read from that heading on.
  if (!/source coverage/i.test(source)) return [];
  const heading = new RegExp(`^#{1,6}[ \\t]+${COVERAGE_HEADING}[ \\t#]*\\r?$`, 'im').exec(source);
  const tree = processor.parse(heading ? source.slice(heading.index) : source);
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
