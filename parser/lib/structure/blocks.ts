// The text a structural change moves or removes, found in the source by lines: an item's block (its first
// line, nested sub-items, detail bullets, continuation lines), a heading's content, the blank-line habits
// around them. Offsets are string indices like every offset in the model.

import type { Item } from '../types';

export function lineStartOf(s: string, at: number): number {
  return s.lastIndexOf('\n', at - 1) + 1;
}

/** Start of the line after the one holding `at` (the source length on the last line). */
export function nextLineStart(s: string, at: number): number {
  const i = s.indexOf('\n', at);
  return i === -1 ? s.length : i + 1;
}

/** 1-based number of the line holding `offset`. */
export function lineNumberAt(s: string, offset: number): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i !== -1 && i < offset; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The line starting at `start`, without its line ending. */
export function lineAt(s: string, start: number): string {
  const end = s.indexOf('\n', start);
  const line = s.slice(start, end === -1 ? s.length : end);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

export function isBlankAt(s: string, start: number): boolean {
  return start >= s.length || /^[ \t>]*$/.test(lineAt(s, start));
}

/** Visual width of a line's leading run of blanks and quote marks (a tab reaches the next multiple of 4). */
function leadWidth(line: string): number {
  let w = 0;
  for (const c of line) {
    if (c === ' ' || c === '>') w++;
    else if (c === '\t') w += 4 - (w % 4);
    else break;
  }
  return w;
}

/** Offset of the item's bullet (its first line may be indented or quoted). */
export function bulletAt(s: string, item: Item): number {
  let at = item.lineSpan.start;
  while (s[at] === ' ' || s[at] === '\t') at++;
  return at;
}

/** The item's block: from the start of its first line to just after its last line (line ending included, when
 * it has one). Following lines belong to it while they are blank or indented past its bullet. */
export function itemBlock(s: string, item: Item): { start: number; end: number } {
  const start = lineStartOf(s, item.lineSpan.start);
  // A table row is its line: what follows a table is never part of a row.
  if (item.cell) return { start, end: nextLineStart(s, item.lineSpan.end) };
  const bulletColumn = leadWidth(s.slice(start, bulletAt(s, item)));
  let end = nextLineStart(s, item.lineSpan.end);
  for (let at = end; at < s.length; at = nextLineStart(s, at)) {
    const line = lineAt(s, at);
    if (/^[ \t>]*$/.test(line)) continue;
    if (leadWidth(line) <= bulletColumn) break;
    end = nextLineStart(s, at);
  }
  return { start, end };
}

/** Start of the next ATX heading of level ≤ depth after `from` (outside code fences), or the source length. */
export function containerEnd(s: string, from: number, depth: number): number {
  let fence: string | null = null;
  for (let at = nextLineStart(s, from); at < s.length; at = nextLineStart(s, at)) {
    const line = lineAt(s, at);
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const h = /^ {0,3}(#{1,6})(?:[ \t]|$)/.exec(line);
    if (h && h[1].length <= depth) return at;
  }
  return s.length;
}

/** Just after the last non-blank line in [from, to): where text appended to that stretch goes. */
export function afterLastContent(s: string, from: number, to: number): number {
  let p = to;
  while (p > from) {
    const start = lineStartOf(s, p - 1);
    if (!isBlankAt(s, start) || start <= from) break;
    p = start;
  }
  return p;
}

/**
 * The text to insert at `at` (a line start, or the end of a source without a final line ending) so that
 * `block` (whole lines, with its line ending) lands there, blank-line separated when `blank` and the next line
 * is blank too (so a later removal of the same block takes exactly this text back out, see removal()).
 */
export function insertion(s: string, at: number, block: string, blank: boolean, eol: string): string {
  if (at === s.length && at > 0 && s[at - 1] !== '\n') {
    return eol + (blank ? eol : '') + block.replace(/\r?\n$/, '');
  }
  return (blank && isBlankAt(s, at) ? eol : '') + block;
}

/** The span to delete to remove the block [start, end): with one blank line before it when the block sits
 * between blank lines (or a blank line and the end), so blank-separated lists stay so. */
export function removal(s: string, start: number, end: number): { start: number; end: number } {
  const prevLine = start > 0 ? lineStartOf(s, start - 1) : -1;
  const prevBlank = prevLine !== -1 && isBlankAt(s, prevLine) && lineAt(s, prevLine).trim() === '';
  const unterminated = end === s.length && end > 0 && s[end - 1] !== '\n';
  let from = start;
  if (prevBlank && (end >= s.length || (isBlankAt(s, end) && lineAt(s, end).trim() === ''))) from = prevLine;
  if (unterminated && from > 0) from -= s[from - 2] === '\r' ? 2 : 1;
  return { start: from, end };
}

/** Whether items of a list are separated by blank lines: read from consecutive siblings' blocks. */
export function blankSeparated(s: string, siblings: Item[]): boolean | null {
  let blank = 0;
  let tight = 0;
  for (let i = 0; i + 1 < siblings.length; i++) {
    const a = itemBlock(s, siblings[i]);
    const next = lineStartOf(s, siblings[i + 1].lineSpan.start);
    if (next < a.end) continue;
    if (next > a.end) blank++;
    else tight++;
  }
  if (!blank && !tight) return null;
  return blank > tight;
}
