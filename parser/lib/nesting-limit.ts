// Markdown nested hundreds of levels deep (lists, blockquotes) costs the parser time that grows with the depth on
// every line — a 1 MB plan nested 1,000 levels took 66 s — and 5,000 nested blockquotes overflowed its stack.
// No plan needs it. Lines nested deeper than MAX_NESTING are blanked (same length, so every offset stays true)
// before the markdown parser sees them, and a diagnostic says which were not read. Blanked means an HTML comment
// at column 0: it closes every open list and quote (blank lines of spaces would keep a hundred containers open
// and cost as much as the text they replace), and the model ignores comments.

/** Deepest nesting read: list levels + blockquote levels (indentation counts a level per two columns). */
export const MAX_NESTING = 100;

export interface NestingLimit {
  /** The source with too-deep lines replaced by `<!--   -->` (the source itself when none is). */
  text: string;
  /** Offset of the first too-deep line, and how many lines were blanked. */
  first: number;
  lines: number;
}

/** How deep a line's prefix nests: `>` markers and list markers count one each, indentation one per two
 * columns (an over-estimate for four-space indents, which the generous limit absorbs). Stops at MAX_NESTING+1. */
function depthAt(source: string, start: number, end: number): number {
  let depth = 0;
  let columns = 0;
  let i = start;
  while (i < end && depth + (columns >> 1) <= MAX_NESTING) {
    const c = source.charCodeAt(i);
    if (c === 32) columns++;
    else if (c === 9) columns += 4 - (columns % 4);
    else if (c === 62 /* > */) depth++;
    else if ((c === 45 || c === 42 || c === 43) && isSpace(source.charCodeAt(i + 1)))
      depth++; // - * +
    else if (c >= 48 && c <= 57) {
      let j = i;
      while (j < end && j - i < 9 && source.charCodeAt(j) >= 48 && source.charCodeAt(j) <= 57) j++;
      const d = source.charCodeAt(j);
      if ((d === 46 || d === 41) && isSpace(source.charCodeAt(j + 1))) {
        depth++;
        i = j; // the digits and the `.`/`)` (the loop steps past it)
      } else break;
    } else break;
    i++;
  }
  return depth + (columns >> 1);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

export function limitNesting(source: string): NestingLimit {
  let parts: string[] | null = null;
  let copied = 0;
  let first = -1;
  let count = 0;
  for (let start = 0; start < source.length;) {
    let end = source.indexOf('\n', start);
    if (end === -1) end = source.length;
    const contentEnd = end > start && source.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (depthAt(source, start, contentEnd) > MAX_NESTING) {
      parts ??= [];
      // A too-deep line is longer than MAX_NESTING characters: the comment always fits.
      parts.push(source.slice(copied, start), `<!--${' '.repeat(contentEnd - start - 7)}-->`);
      copied = contentEnd;
      if (first === -1) first = start;
      count++;
    }
    start = end + 1;
  }
  if (!parts) return { text: source, first: -1, lines: 0 };
  parts.push(source.slice(copied));
  return { text: parts.join(''), first, lines: count };
}
