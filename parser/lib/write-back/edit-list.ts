// The edits one write-back plans, collected in document order; a replacement that changes nothing is dropped.
import type { Edit } from '../types';
import type { TextView } from '../text-view';
import { byOffset } from '../edits';

export class Edits {
  private edits: Edit[] = [];
  constructor(private source: TextView) {}

  replace(start: number, end: number, text: string): void {
    const expect = this.source.slice(start, end);
    if (expect !== text) this.edits.push({ start, end, expect, text });
  }

  insert(at: number, text: string): void {
    if (text) this.edits.push({ start: at, end: at, expect: '', text });
  }

  list(): Edit[] {
    return this.edits.sort(byOffset);
  }
}
