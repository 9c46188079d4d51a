// Offset → 1-based line and column (UTF-16 code units, like every offset in the model).

import type { Position } from './types';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly source: string) {
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  lineStart(offset: number): number {
    return this.starts[this.position(offset).line - 1];
  }

  /** End of the line holding `offset`, before its `\r\n` or `\n`. */
  lineEnd(offset: number): number {
    let nl = this.source.indexOf('\n', offset);
    if (nl === -1) nl = this.source.length;
    return nl > 0 && this.source.charCodeAt(nl - 1) === 0x0d && nl - 1 >= offset ? nl - 1 : nl;
  }
}
