// A document's text as a tick reads it: a string, or a PieceText — the text the last parse read with every
// tick's edits laid over it, never copied whole. On a 1 MB plan a fresh copy of the text per tick costs ~9 ms
// in page faults alone (V8 gives every string over 128 KB fresh pages), more than the rest of the tick.
import type { Edit } from './types';
import { runAt } from './lines';
import { byOffset } from './edits';

/** The part of String's interface the write-back planners and the tick's model upkeep use. */
export interface TextView {
  readonly length: number;
  slice(start?: number, end?: number): string;
  indexOf(search: string, position?: number): number;
  lastIndexOf(search: string, position?: number): number;
  charAt(index: number): string;
  charCodeAt(index: number): number;
  startsWith(search: string, position?: number): boolean;
  toString(): string;
}

/** Pieces beyond which a patched text is copied into one string again: lookups stay short, and the copy is paid
 * once per many ticks instead of once per tick. */
const MAX_PIECES = 256;

export class PieceText implements TextView {
  private constructor(
    /** Consecutive runs of the text: slices of an earlier text and the edits' own text. */
    private readonly pieces: readonly string[],
    /** Where each piece starts in the text. */
    private readonly starts: readonly number[],
    readonly length: number,
  ) {}

  /** `text` with `edits` applied, as applyEdits would; the edits already checked against `text` (checkedEdits,
   * or bytesAfterEdits on the tick's path). */
  static of(text: TextView, edits: readonly Edit[]): PieceText {
    const pieces: string[] = [];
    let at = 0;
    for (const e of [...edits].sort(byOffset)) {
      pieces.push(...piecesOf(text, at, e.start));
      if (e.text) pieces.push(e.text);
      at = e.end;
    }
    pieces.push(...piecesOf(text, at, text.length));
    if (pieces.length > MAX_PIECES) return PieceText.flat(pieces.join(''));
    const starts: number[] = [];
    let length = 0;
    for (const p of pieces) {
      starts.push(length);
      length += p.length;
    }
    return new PieceText(pieces, starts, length);
  }

  private static flat(text: string): PieceText {
    return new PieceText([text], [0], text.length);
  }

  /** The index of the piece holding offset `at` (0 ≤ at < length). */
  private pieceAt(at: number): number {
    return runAt(this.starts, at);
  }

  /** The runs of [start, end) as slices of the pieces. */
  runs(start: number, end: number): string[] {
    if (start >= end) return [];
    const out: string[] = [];
    for (let k = this.pieceAt(start); k < this.pieces.length && this.starts[k] < end; k++) {
      const s = this.starts[k];
      out.push(this.pieces[k].slice(Math.max(0, start - s), Math.min(this.pieces[k].length, end - s)));
    }
    return out;
  }

  slice(start = 0, end = this.length): string {
    const len = this.length;
    const from = start < 0 ? Math.max(len + start, 0) : Math.min(start, len);
    const to = end < 0 ? Math.max(len + end, 0) : Math.min(end, len);
    const runs = this.runs(from, to);
    return runs.length === 1 ? runs[0] : runs.join('');
  }

  charAt(index: number): string {
    if (!(index >= 0 && index < this.length)) return '';
    const k = this.pieceAt(index);
    return this.pieces[k].charAt(index - this.starts[k]);
  }

  charCodeAt(index: number): number {
    if (!(index >= 0 && index < this.length)) return NaN;
    const k = this.pieceAt(index);
    return this.pieces[k].charCodeAt(index - this.starts[k]);
  }

  startsWith(search: string, position = 0): boolean {
    const at = Math.min(Math.max(position, 0), this.length);
    return this.slice(at, at + search.length) === search;
  }

  indexOf(search: string, position = 0): number {
    const from = Math.min(Math.max(position, 0), this.length);
    if (!search) return from;
    if (from >= this.length) return -1;
    const n = search.length;
    for (let k = this.pieceAt(from); k < this.pieces.length; k++) {
      const s = this.starts[k];
      const found = this.pieces[k].indexOf(search, Math.max(0, from - s));
      if (found >= 0) return s + found;
      // An occurrence across the end of this piece starts after any inside it.
      const end = s + this.pieces[k].length;
      if (n > 1 && end < this.length) {
        const lo = Math.max(from, end - n + 1);
        const across = this.slice(lo, end + n - 1).indexOf(search);
        if (across >= 0) return lo + across;
      }
    }
    return -1;
  }

  lastIndexOf(search: string, position = Infinity): number {
    const from = Math.min(Math.max(Number.isNaN(position) ? Infinity : position, 0), this.length - search.length);
    if (from < 0) return -1;
    if (!search) return from;
    const n = search.length;
    for (let k = this.pieceAt(Math.min(from, this.length - 1)); k >= 0; k--) {
      const s = this.starts[k];
      // An occurrence across the end of this piece starts after any inside it.
      const end = s + this.pieces[k].length;
      if (n > 1 && end < this.length && end - n + 1 <= from) {
        const lo = Math.max(0, end - n + 1);
        const across = this.slice(lo, end + n - 1).lastIndexOf(search, from - lo);
        if (across >= 0 && lo + across < end) return lo + across;
      }
      const found = this.pieces[k].lastIndexOf(search, from - s);
      if (found >= 0 && found + n <= this.pieces[k].length) return s + found;
    }
    return -1;
  }

  toString(): string {
    return this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
  }
}

/** The text of [start, end) as runs that are slices of existing strings (no copy of a long stretch). */
export function piecesOf(text: TextView, start: number, end: number): string[] {
  if (text instanceof PieceText) return text.runs(start, end);
  return start < end ? [text.slice(start, end)] : [];
}
