// Small text helpers shared by the readers.

import type { Span } from './types';

/** Shrink a span past leading and trailing whitespace. */
export function trimSpan(source: string, start: number, end: number): Span {
  while (start < end && /\s/.test(source[start])) start++;
  while (end > start && /\s/.test(source[end - 1])) end--;
  return { start, end };
}

/** Remove `**` / `__` emphasis markers (titles and labels are shown as plain text); inline code keeps its
 * text exactly (`` `__init__.py` ``). */
export function stripBold(text: string): string {
  return text
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 ? part : part.replace(/\*\*|__/g, '')))
    .join('')
    .trim();
}

/** A stable, readable slug: lowercase ASCII letters and digits joined by '-', at most 60 characters. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || 'untitled';
}

/** Give every key a unique form: the first keeps it, later ones get `#2`, `#3` … */
export class KeyRegistry {
  private readonly seen = new Map<string, number>();

  claim(key: string): { key: string; duplicate: boolean } {
    let n = this.seen.get(key);
    if (n === undefined) {
      this.seen.set(key, 1);
      return { key, duplicate: false };
    }
    // A literal 'X#2' elsewhere in the document must not collide with a generated one.
    let candidate: string;
    do candidate = `${key}#${++n}`;
    while (this.seen.has(candidate));
    this.seen.set(key, n);
    this.seen.set(candidate, 1);
    return { key: candidate, duplicate: true };
  }
}
