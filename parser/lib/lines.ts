// Offset → 1-based line and column (UTF-16 code units, like every offset in the model).
// Line endings are `\n`, `\r\n` and a lone `\r`, as in CommonMark.

import type { Position } from './types';

const EOL = /\r\n?|\n/g;

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly source: string) {
    EOL.lastIndex = 0;
    for (let m = EOL.exec(source); m; m = EOL.exec(source)) this.starts.push(m.index + m[0].length);
  }

  private lineOf(offset: number): number {
    return runAt(this.starts, offset);
  }

  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.starts[line] + 1 };
  }

  lineStart(offset: number): number {
    return this.starts[this.lineOf(offset)];
  }

  /** End of the line holding `offset`, before its line ending. */
  lineEnd(offset: number): number {
    const next = this.lineOf(offset) + 1;
    if (next >= this.starts.length) return this.source.length;
    const s = this.starts[next];
    return this.source.charCodeAt(s - 1) === 0x0a && this.source.charCodeAt(s - 2) === 0x0d ? s - 2 : s - 1;
  }
}

/** The index of the run holding `offset`, given where each run starts (ascending, the first at 0). */
export function runAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
