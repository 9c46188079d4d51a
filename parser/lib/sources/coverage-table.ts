// Where a plan keeps its links to source topics (decision 024): one table under `## Source Coverage` at the end
// of the plan, a row per link `| CACHE-001 | part_1_gap_analysis.md | 30 | Thunder Herd Problem |`. Item lines
// stay clean; the link names the item by ID and the topic by file and title (the line is a hint), so it
// survives renaming either title and moving rows.
import type { Heading, Root, RootContent, Table } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

export const COVERAGE_HEADING = 'Source Coverage';
const HEADER = ['Item', 'Source', 'Line', 'Topic'];
/** Where the table starts in coverageTable's lines (after the heading, a blank, the explanation, a blank). */
const TABLE_START = 4;

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

/** `text` with its Source Coverage table holding exactly `links` (lines joined by `eol`). Only the table's own
 * bytes change: prose, subsections and the explanation line around it stay as the user left them. A section
 * without a table gets one after its last line; a plan without the section gets the whole section appended. */
export function withCoverageSection(text: string, links: readonly CoverageLink[], eol: string): string {
  const lines = coverageTable(links);
  const found = coverageSection(text);
  if (!found) {
    const sep = text === '' || text.endsWith('\n') ? '' : eol;
    return `${text}${sep}${eol}${lines.join(eol)}${eol}`;
  }
  const table = lines.slice(TABLE_START).join(eol);
  const [first, ...more] = found.tables;
  if (first) {
    // Links split over several tables are written back as one, in the first table's place.
    let out = text;
    for (const t of more.reverse()) out = out.slice(0, t.start) + out.slice(t.end);
    return out.slice(0, first.start) + table + out.slice(first.end);
  }
  // The section has no table yet: it goes after the section's last non-blank byte, a blank line before it.
  const body = text.slice(0, found.end).replace(/\s+$/, '');
  const gap = text.slice(body.length, found.end);
  return `${body}${eol}${eol}${table}${gap || eol}${text.slice(found.end)}`;
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

interface CoverageSection {
  /** Offset just past the section: the next heading of the same or a higher level, or the end of the text. */
  end: number;
  /** The section's coverage tables (an Item, Source and Topic header), their byte ranges and links. */
  tables: { start: number; end: number; links: CoverageLink[] }[];
}

/** The plan's Source Coverage section: the first heading named so (any level, any case, ATX or setext) up to
 * the next heading of the same or a higher level, so a `###` subsection under it is part of it. The one
 * matcher behind reading and writing the links, so both always agree on where they are. */
function coverageSection(source: string): CoverageSection | null {
  // Parsing a whole plan to find one section at its end costs more than everything else coverage does: a plan
  // that never names the section has none, and one with an ATX heading for it is read from that heading on.
  if (!/source coverage/i.test(source)) return null;
  const atx = new RegExp(`^#{1,6}[ \\t]+${COVERAGE_HEADING}[ \\t#]*\\r?$`, 'im').exec(source);
  const from = atx ? atx.index : 0;
  const tree = processor.parse(source.slice(from));
  const at = tree.children.findIndex(
    (n) => n.type === 'heading' && text(n).trim().toLowerCase() === COVERAGE_HEADING.toLowerCase(),
  );
  if (at < 0) return null;
  const depth = (tree.children[at] as Heading).depth;
  const section: CoverageSection = { end: source.length, tables: [] };
  for (const node of tree.children.slice(at + 1)) {
    if (node.type === 'heading' && node.depth <= depth) {
      section.end = from + node.position!.start.offset!;
      break;
    }
    if (node.type !== 'table') continue;
    const links = tableLinks(node);
    if (links)
      section.tables.push({
        start: from + node.position!.start.offset!,
        end: from + node.position!.end.offset!,
        links,
      });
  }
  return section;
}

/** A table's links, or null when its header is not a coverage table's. */
function tableLinks(node: Table): CoverageLink[] | null {
  const rows = node.children.map((row) => row.children.map((cell) => text(cell).trim()));
  const header = rows[0]?.map((c) => c.toLowerCase()) ?? [];
  const col = (name: string) => header.indexOf(name.toLowerCase());
  const [id, file, line, topic] = HEADER.map(col);
  if (id < 0 || file < 0 || topic < 0) return null;
  const links: CoverageLink[] = [];
  for (const r of rows.slice(1)) {
    if (!r[id] || !r[file] || !r[topic]) continue;
    links.push({ id: r[id], file: r[file], line: line >= 0 ? Number(r[line]) || 0 : 0, topic: r[topic] });
  }
  return links;
}

/** The links a plan carries in its Source Coverage table (none when it has no such section). */
export function readCoverageTable(source: string): CoverageLink[] {
  return coverageSection(source)?.tables.flatMap((t) => t.links) ?? [];
}
