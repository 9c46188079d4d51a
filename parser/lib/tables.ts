// Table rows split into cells from the source line, as GFM does it: cells are separated by `|` unless the
// pipe is backslash-escaped (pipes inside code spans still separate cells in GFM).

import type { Span } from './types';
import { trimSpan } from './text';

/** Trimmed content spans of a row's cells, in column order. `end` is the end of the row's line. */
export function rowCells(source: string, start: number, end: number): Span[] {
  const cuts: number[] = [];
  for (let i = start; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x5c /* \ */ && i + 1 < end) {
      const n = source.charCodeAt(i + 1);
      if (n === 0x5c || n === 0x7c) i++;
      continue;
    }
    if (c === 0x7c /* | */) cuts.push(i);
  }
  const bounds = [start - 1, ...cuts, end];
  const segments: Span[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) segments.push({ start: bounds[k] + 1, end: bounds[k + 1] });
  const blank = (span: Span): boolean => source.slice(span.start, span.end).trim() === '';
  // A leading pipe opens the row and a trailing one closes it: they delimit no cell of their own.
  if (cuts.length && segments.length > 1 && blank(segments[0])) segments.shift();
  if (cuts.length && segments.length > 1 && blank(segments[segments.length - 1])) segments.pop();
  return segments.map((span) => trimSpan(source, span.start, span.end));
}

/** Plain text of a cell: emphasis markers removed. */
export function cellText(source: string, span: Span): string {
  return source
    .slice(span.start, span.end)
    .replace(/\*\*|__/g, '')
    .trim();
}
