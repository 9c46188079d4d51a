// Where a document may be cut into independently parsed pieces.
//
// A candidate is the start of a line that begins, at column 0 and right after a blank line, with an ATX
// heading (`#` … `######`) or a list marker (`-`, `*`, `+`, `1.`, `1)`). At such a line every container
// (list item, block quote, footnote definition) has closed — the line is neither indented enough to
// continue one nor lazy paragraph text — and so has every paragraph, table, indented code block and HTML
// block of kinds 6–7 (closed by the blank line). The only blocks that can run through it are a fenced code
// block or an HTML block of kinds 1–5 *at the top level*. Those are detected after parsing a piece (see
// `openBlockEnd`), and the piece is then extended past the block's end. A list marker line may continue
// the previous piece's top-level list; the outline then keeps one list identity (see blocks.ts).

const BLOCK_START_AT_COLUMN_0 = /^(?:#{1,6}|[-*+]|\d{1,9}[.)])(?:[ \t\r\n]|$)/;

/** Offsets of candidate split lines, ascending. */
export function splitPoints(source: string): number[] {
  const points: number[] = [];
  let previousBlank = false;
  let at = 0;
  const len = source.length;
  while (at < len) {
    let nl = source.indexOf('\n', at);
    if (nl === -1) nl = len;
    if (at > 0 && previousBlank && BLOCK_START_AT_COLUMN_0.test(source.slice(at, Math.min(nl + 1, at + 12))))
      points.push(at);
    previousBlank = isBlank(source, at, nl);
    at = nl + 1;
  }
  return points;
}

function isBlank(source: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = source.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/** Start of the line holding `offset` (any line ending). */
function lineStart(source: string, offset: number): number {
  let i = offset;
  while (i > 0 && source.charCodeAt(i - 1) !== 0x0a && source.charCodeAt(i - 1) !== 0x0d) i--;
  return i;
}

/** End of the line holding `offset`, before its line ending, and where the next line starts. */
function lineEnd(source: string, offset: number): { end: number; next: number } {
  let i = offset;
  const len = source.length;
  while (i < len && source.charCodeAt(i) !== 0x0a && source.charCodeAt(i) !== 0x0d) i++;
  const next = i < len && source.charCodeAt(i) === 0x0d && source.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
  return { end: i, next: Math.min(next, len + 1) };
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const HTML_KINDS: { open: RegExp; close: RegExp }[] = [
  { open: /^ {0,3}<(?:script|pre|style|textarea)(?=[\s>]|$)/i, close: /<\/(?:script|pre|style|textarea)>/i },
  { open: /^ {0,3}<!--/, close: /-->/ },
  { open: /^ {0,3}<\?/, close: /\?>/ },
  { open: /^ {0,3}<![A-Za-z]/, close: />/ },
  { open: /^ {0,3}<!\[CDATA\[/, close: /\]\]>/ },
];

/**
 * When the last top-level block of a parsed piece (`kind`, starting at `start`) is a fenced code block or
 * an HTML block of kinds 1–5 that did not close before the piece's end, return the offset (in `source`)
 * from which the block's closing line is sure to be behind; the caller re-parses the piece up to a split
 * point after it. Returns -1 when the block is closed (or is not such a block). Errs towards "open":
 * extending a piece is always safe, cutting inside a block is not.
 */
export function openBlockEnd(source: string, kind: string, start: number, end: number): number {
  const from = lineStart(source, start);
  const first = lineEnd(source, from);
  const firstLine = source.slice(from, first.end);
  if (kind === 'code') {
    const m = FENCE_OPEN.exec(firstLine);
    if (!m) return -1; // indented code: closed by the unindented heading line
    const fence = m[1];
    const closer = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    // The first closing line after the opener, in the whole source (a top-level fence's content is raw).
    for (let at = first.next; at <= source.length;) {
      const line = lineEnd(source, at);
      if (closer.test(source.slice(at, line.end))) return at >= end ? line.end : -1;
      if (line.next > source.length) break;
      at = line.next;
    }
    return end >= source.length ? -1 : source.length;
  }
  if (kind === 'html') {
    for (const htmlKind of HTML_KINDS) {
      const m = htmlKind.open.exec(firstLine);
      if (!m) continue;
      // The end condition may sit on the opening line (after the opener) or any later line.
      const searchFrom = from + m[0].length;
      const rest = source.slice(searchFrom);
      const found = htmlKind.close.exec(rest);
      const closeAt = found ? searchFrom + found.index + found[0].length : source.length;
      return closeAt <= end && found ? -1 : Math.max(closeAt, end);
    }
    return -1;
  }
  return -1;
}

/** What makes two adjacent lists one list: the bullet character, or the ordered list's delimiter. */
export function listKind(source: string, itemStart: number): string {
  const m = /^(?:([-*+])|\d{1,9}([.)]))/.exec(source.slice(itemStart, itemStart + 11));
  return m ? (m[1] ?? `1${m[2]}`) : '';
}
