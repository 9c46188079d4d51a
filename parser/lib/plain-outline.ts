// The outline of a piece written in plain plan markdown, read line by line without micromark (issue 15:
// micromark and mdast were ~90% of a cold parse). "Plain" is a small subset whose block structure is decided
// by each line's first characters: ATX headings, thematic breaks, paragraphs, `-`/`*`/`+` list items whose
// text starts on the bullet line (nested at exactly the parent's text column), fenced code blocks closed
// inside the piece, and pipe tables after a blank line. Anything else — tabs, CR, trailing spaces, block
// quotes, HTML, ordered lists, setext underlines, definitions, odd indentation — returns null and
// the piece goes to micromark. The outline must equal the one collectOutline reads from micromark's tree
// (parser/lib/plain-outline.test.ts checks every piece of every fixture, corpus file and fuzzed
// document); when in doubt, decline.
import { emptyOutline } from './outline';
import type { ParsedPiece } from './pieces';

/** An open list item: its text column, its index in the outline and the list its own children continue. */
interface OpenItem {
  col: number;
  index: number;
  list: OpenList | null;
}

interface OpenList {
  id: number;
  bullet: number;
}

const SPACE = 0x20;
const HASH = 0x23;
const BACKTICK = 0x60;
const PIPE = 0x7c;

/** Characters that make a piece not plain wherever they stand (tabs, CR and other controls but LF). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x09\x0b-\x1f]/;
const ATX_HEADING = /^(#{1,6})(?: |$)/;
const THEMATIC_BREAK = /^(?:-{3,}|\*{3,}|_{3,})$/;
/** Lines that could underline a setext heading or be a table's delimiter row, or a thematic break with
 * spaces: never plain text. */
const UNDERLINE_OR_DELIMITER = /^(?:[-=]+|[ |:-]*-[ |:-]*|(?:[-*_] *){3,})$/;
const ORDERED_MARKER = /^\d{1,9}[.)](?: |$)/;
const FENCE = /^(`{3,})([^`]*)$/;
const DELIMITER_CELL = /^ *:?-+:? *$/;

/** The piece's outline as collectOutline would read it from micromark's tree, or null when the piece is
 * not plain. */
export function plainOutline(text: string): ParsedPiece | null {
  // Definitions (`[label]: …`, `[^note]: …`) anywhere, or a byte order mark micromark would skip: not plain.
  if (CONTROL.test(text) || text.includes(']:') || text.charCodeAt(0) === 0xfeff) return null;
  const outline = emptyOutline();
  const stack: OpenItem[] = [];
  let rootList: OpenList | null = null;
  /** Depth (stack length) of the container whose paragraph the last line continued, or -1. */
  let paragraph = -1;
  let first: ParsedPiece['first'];
  let last: ParsedPiece['last'];
  const topNode = (type: string, start: number) => {
    last = { type, start };
    first ??= last;
  };
  const closeTo = (depth: number) => {
    stack.length = depth;
  };
  /** Every open item holds the line ending at `end`. */
  const extend = (end: number) => {
    for (const open of stack) outline.listItems[open.index].end = end;
  };
  /** Depth of the container whose text column is `col` (0: the document), or -1. */
  const containerAt = (col: number): number => {
    if (col === 0) return 0;
    for (let d = stack.length - 1; d >= 0; d--) if (stack[d].col === col) return d + 1;
    return -1;
  };

  const len = text.length;
  let s = 0;
  while (s < len) {
    let e = text.indexOf('\n', s);
    if (e === -1) e = len;
    const next = e + 1;
    let n = 0;
    while (s + n < e && text.charCodeAt(s + n) === SPACE) n++;
    if (s + n === e) {
      paragraph = -1; // a blank line
      s = next;
      continue;
    }
    if (text.charCodeAt(e - 1) === SPACE) return null;
    const at = s + n;
    const c = text.charCodeAt(at);
    const rest = text.slice(at, e);

    if (c === HASH && ATX_HEADING.test(rest)) {
      if (n !== 0) return null;
      closeTo(0);
      rootList = null;
      paragraph = -1;
      outline.headings.push({ depth: ATX_HEADING.exec(rest)![1].length, start: s, end: e });
      topNode('heading', s);
      s = next;
      continue;
    }
    if (c === BACKTICK && rest.startsWith('```')) {
      const fence = FENCE.exec(rest);
      if (n !== 0 || !fence) return null;
      const close = closingFence(text, next, fence[1].length);
      if (close === -1) return null; // runs past the piece: micromark and openBlockEnd extend it
      closeTo(0);
      rootList = null;
      paragraph = -1;
      topNode('code', s);
      s = close;
      continue;
    }
    if (UNDERLINE_OR_DELIMITER.test(rest)) {
      if (n !== 0 || paragraph !== -1 || !THEMATIC_BREAK.test(rest)) return null;
      closeTo(0);
      rootList = null;
      topNode('thematicBreak', s);
      s = next;
      continue;
    }
    if ((c === 0x2d || c === 0x2a || c === 0x2b) && (rest.length === 1 || rest.charCodeAt(1) === SPACE)) {
      // A list item: one space after the bullet, then paragraph text.
      if (rest.length < 3 || rest.charCodeAt(2) === SPACE || !plainText(rest.slice(2))) return null;
      const depth = containerAt(n);
      if (depth === -1) return null;
      closeTo(depth);
      const owner = depth === 0 ? null : stack[depth - 1];
      let list: OpenList | null = owner ? owner.list : rootList;
      if (!list || list.bullet !== c) {
        list = { id: outline.lists++, bullet: c };
        if (owner) owner.list = list;
        else {
          rootList = list;
          topNode('list', s);
        }
      }
      const index = outline.listItems.length;
      outline.listItems.push({
        start: at,
        end: e,
        parent: owner ? owner.index : -1,
        list: list.id,
        opensWithParagraph: true,
      });
      extend(e);
      stack.push({ col: n + 2, index, list: null });
      paragraph = stack.length;
      s = next;
      continue;
    }
    if (!plainText(rest)) return null;
    if (paragraph !== -1) {
      // A continuation line of the open paragraph, also when less indented than its item (a lazy line).
      if (paragraph === 0) outline.paragraphs[outline.paragraphs.length - 1].end = e;
      extend(e);
      s = next;
      continue;
    }
    if (c === PIPE && n === 0) {
      const table = plainTable(text, s, e, next);
      if (table === null) return null;
      if (table !== undefined) {
        closeTo(0);
        rootList = null;
        outline.tables.push(table.table);
        topNode('table', s);
        s = table.next;
        continue;
      }
    }
    // A paragraph opening in the document or in the item whose text column the line starts at.
    const depth = containerAt(n);
    if (depth === -1) return null;
    closeTo(depth);
    if (depth === 0) {
      rootList = null;
      outline.paragraphs.push({ start: s, end: e });
      topNode('paragraph', s);
    } else stack[depth - 1].list = null;
    extend(e);
    paragraph = depth;
    s = next;
  }
  return {
    outline,
    lastList: last?.type === 'list' && rootList ? rootList.id : null,
    first,
    last,
  };
}

/** Whether a line's text (after its indentation) can only be paragraph text, here and as a continuation. */
function plainText(rest: string): boolean {
  const c = rest.charCodeAt(0);
  switch (c) {
    case 0x3e: // > block quote
    case 0x3c: // < HTML
    case 0x7e: // ~ fence
    case BACKTICK: // ` fence (a code span is text, but a fence is not worth telling apart here)
    case 0x20:
      return false;
    case HASH:
      return !ATX_HEADING.test(rest);
    case 0x2d:
    case 0x2a:
    case 0x2b:
      return rest.length > 1 && rest.charCodeAt(1) !== SPACE && !UNDERLINE_OR_DELIMITER.test(rest);
    case 0x3d: // =
    case 0x5f: // _
    case 0x3a: // :
    case PIPE:
      return !UNDERLINE_OR_DELIMITER.test(rest);
    default:
      return !(c >= 0x30 && c <= 0x39 && ORDERED_MARKER.test(rest));
  }
}

/** Offset after the line that closes a backtick fence of `size` opened before `from`, or -1 when none does
 * in the text (or a line that might close it is not exactly backticks at column 0). */
function closingFence(text: string, from: number, size: number): number {
  const len = text.length;
  for (let s = from; s < len;) {
    let e = text.indexOf('\n', s);
    if (e === -1) e = len;
    let n = 0;
    while (n < 4 && text.charCodeAt(s + n) === SPACE) n++;
    if (n < 4 && text.charCodeAt(s + n) === BACKTICK) {
      let k = s + n;
      while (k < e && text.charCodeAt(k) === BACKTICK) k++;
      let j = k;
      while (j < e && text.charCodeAt(j) === SPACE) j++;
      if (k - (s + n) >= size && j === e) return n === 0 && k === e ? e + 1 : -1;
    }
    s = e + 1;
  }
  return -1;
}

/**
 * A pipe table starting at the line [s, e) after a blank line or a heading: header and delimiter rows with
 * the same number of cells, then rows that each start and end with a pipe, up to a blank line. Returns
 * undefined when the line does not start a table (it is paragraph text), null when it is not sure.
 */
function plainTable(
  text: string,
  s: number,
  e: number,
  next: number,
): { table: ParsedPiece['outline']['tables'][number]; next: number } | null | undefined {
  let de = text.indexOf('\n', next);
  if (de === -1) de = text.length;
  if (next >= text.length || !text.slice(next, de).includes('-')) return undefined;
  const header = text.slice(s, e);
  const delimiter = text.slice(next, de);
  if (header.includes('\\') || header.includes('`') || !header.endsWith('|') || header.length < 2) return null;
  if (!delimiter.startsWith('|') || !delimiter.endsWith('|') || delimiter.length < 2) return null;
  const cells = header.slice(1, -1).split('|');
  if (cells.some((cell) => !cell.trim())) return null;
  const delimiters = delimiter.slice(1, -1).split('|');
  if (cells.length !== delimiters.length || !delimiters.every((d) => DELIMITER_CELL.test(d))) return null;
  const rows = [{ start: s, end: e }];
  let at = de + 1;
  while (at < text.length) {
    let re = text.indexOf('\n', at);
    if (re === -1) re = text.length;
    if (re === at) break; // a blank line ends the table
    const row = text.slice(at, re);
    if (row.length < 3 || !row.startsWith('|') || !row.endsWith('|') || row.endsWith('\\|') || row.endsWith(' '))
      return null;
    rows.push({ start: at, end: re });
    at = re + 1;
  }
  return { table: { start: s, end: rows[rows.length - 1].end, rows }, next: at };
}
