// Table-row and log-cell text surgery for write-back: building a new row in an existing row's layout, and
// adding or removing one ID in a progress-log "items" cell (`A, B`, `A to E`, `DB-001–DB-010`, `SEC-001/002`)
// while leaving every other token exactly as written.
import { GLUED_ID, WORD_ID } from '../ids';

/** A table line cut at its unescaped pipes: text before the first cell, the cells (with their own
 * surrounding whitespace), and the text after the last cell. */
export interface RowLayout {
  prefix: string;
  /** `start`: where the content begins inside the line. */
  cells: { lead: string; content: string; trail: string; start: number }[];
  suffix: string;
}

export function splitRow(line: string): RowLayout {
  const pipes: number[] = [];
  let inCode = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '`') inCode = !inCode;
    else if (c === '|' && !inCode) pipes.push(i);
  }
  const trimmedStart = line.length - line.trimStart().length;
  const leading = pipes.length > 0 && pipes[0] === trimmedStart;
  const trailing = pipes.length > 0 && pipes[pipes.length - 1] === line.trimEnd().length - 1;
  const bounds: [number, number][] = [];
  let prefix = '';
  let suffix = '';
  let from = 0;
  if (leading) {
    prefix = line.slice(0, pipes[0] + 1);
    from = pipes[0] + 1;
  }
  const inner = pipes.filter((p, i) => !(leading && i === 0) && !(trailing && i === pipes.length - 1));
  for (const p of inner) {
    bounds.push([from, p]);
    from = p + 1;
  }
  if (trailing) {
    const last = pipes[pipes.length - 1];
    bounds.push([from, last]);
    suffix = line.slice(last);
  } else bounds.push([from, line.length]);
  const cells = bounds.map(([s, e]) => {
    const raw = line.slice(s, e);
    const content = raw.trim();
    const lead = raw.slice(0, raw.length - raw.trimStart().length);
    const trail = raw.slice(lead.length + content.length);
    return { lead, content, trail, start: s + lead.length };
  });
  return { prefix, cells, suffix };
}

/** Rebuilds a row in `template`'s layout with new cell contents; aligned (padded) cells keep their width. */
export function buildRow(template: RowLayout, contents: string[]): string {
  const cells = template.cells.map((cell, i) => {
    const content = contents[i] ?? '';
    // An empty template cell is all padding: new text gets one space either side, not the padding before it.
    if (cell.content === '' && content !== '') return ` ${content} `;
    let trail = cell.trail;
    if (trail.length > 1 && !trail.includes('\t')) {
      const width = cell.content.length + trail.length;
      trail = ' '.repeat(Math.max(1, width - content.length));
    }
    const lead = cell.lead === '' && content === '' ? ' ' : cell.lead;
    return lead + content + trail;
  });
  return template.prefix + cells.join('|') + template.suffix;
}

// ---- IDs inside a log cell --------------------------------------------------------------------------

interface Token {
  /** The token as written, including a trailing annotation such as ` (partial)`. */
  text: string;
  start: number;
  end: number;
}

const SEPARATOR = /\s*[,;]\s*/g;
// The same ID shapes and range words the parser expands (parser/lib/ranges.ts).
const ID = `(?:${WORD_ID}|${GLUED_ID})`;
const RANGE = new RegExp(`^(${ID})(\\s*(?:to|through|thru|\\.\\.|–|—|-)\\s*)(${ID}|\\d+)$`);

function tokenize(cell: string): { tokens: Token[]; seps: string[] } {
  const tokens: Token[] = [];
  const seps: string[] = [];
  let from = 0;
  for (const m of cell.matchAll(SEPARATOR)) {
    tokens.push({ text: cell.slice(from, m.index), start: from, end: m.index! });
    seps.push(m[0]);
    from = m.index! + m[0].length;
  }
  tokens.push({ text: cell.slice(from), start: from, end: cell.length });
  return { tokens, seps };
}

interface IdParts {
  head: string;
  num: number;
  width: number;
}

function idParts(id: string): IdParts | null {
  const m = /^(.*?)(\d+)$/.exec(id);
  if (!m) return null;
  return { head: m[1], num: Number(m[2]), width: m[2].length };
}

function makeId(p: IdParts, num: number): string {
  return p.head + String(num).padStart(p.width, '0');
}

/** The first separator the log uses between IDs (`, ` in most plans). */
export function itemSeparator(cells: Iterable<string>): string {
  for (const c of cells) {
    const m = /\s*[,;]\s*/.exec(c);
    if (m) return m[0];
  }
  return ', ';
}

/** Splits a token into its core and a trailing annotation like ` (partial)`. */
function splitAnnotation(text: string): [string, string] {
  const m = /^(.*?)(\s*\([^)]*\))$/.exec(text);
  return m ? [m[1], m[2]] : [text, ''];
}

/** The replacement for one token once `id` is taken out of it: null when the token does not name `id`,
 * '' when the token goes away entirely. */
function removeFromToken(token: string, id: string, sep: string): string | null {
  const [core, note] = splitAnnotation(token);
  if (core === id) return '';
  const range = RANGE.exec(core);
  if (range) {
    const a = idParts(range[1]);
    let b = idParts(range[3]);
    const target = idParts(id);
    if (a && b && target) {
      if (b.head === '' && /^\d+$/.test(range[3])) b = { ...b, head: a.head };
      if (a.head === b.head && target.head === a.head && target.num >= a.num && target.num <= b.num && a.num <= b.num) {
        const endFmt = (n: number) => (b!.head === '' ? String(n).padStart(b!.width, '0') : makeId(b!, n));
        const piece = (lo: number, hi: number): string | null => {
          if (lo > hi) return null;
          const from = lo === a.num ? range[1] : makeId(a, lo);
          if (lo === hi) return from;
          return `${from}${range[2]}${hi === b!.num ? range[3] : endFmt(hi)}`;
        };
        const parts = [piece(a.num, target.num - 1), piece(target.num + 1, b.num)].filter(
          (p): p is string => p !== null,
        );
        return parts.length ? parts.join(sep) + note : '';
      }
    }
  }
  // SEC-001/002: the first part is a full ID, the others replace its trailing digits.
  if (core.includes('/')) {
    const parts = core.split('/');
    const first = idParts(parts[0]);
    if (first) {
      const full = parts.map((p, i) => (i === 0 ? p : /^\d+$/.test(p) ? first.head + p : p));
      const at = full.indexOf(id);
      if (at >= 0) {
        const rest = full.filter((_, i) => i !== at);
        if (!rest.length) return '';
        const written = parts.filter((_, i) => i !== at);
        if (at === 0) written[0] = rest[0];
        return written.join('/') + note;
      }
    }
  }
  return null;
}

/** `cell` with `id` taken out, or null when the cell does not name `id` in a form we can edit. */
export function removeIdFromCell(cell: string, id: string, sep = ', '): string | null {
  const { tokens, seps } = tokenize(cell);
  for (let i = 0; i < tokens.length; i++) {
    const replacement = removeFromToken(tokens[i].text, id, sep);
    if (replacement === null) continue;
    if (replacement !== '') return cell.slice(0, tokens[i].start) + replacement + cell.slice(tokens[i].end);
    if (tokens.length === 1) return '';
    // Drop the token with the separator before it (after it, for the first token): the exact inverse of
    // appending `sep + id`.
    if (i > 0) return cell.slice(0, tokens[i].start - seps[i - 1].length) + cell.slice(tokens[i].end);
    return cell.slice(tokens[1].start);
  }
  return null;
}

/** `cell` with `id` appended. */
export function addIdToCell(cell: string, id: string, sep: string): string {
  return cell.trim() === '' ? id : cell + sep + id;
}
