// Turning source text into the block outline, two ways that must agree:
// - 'whole': one unified + remark-parse + remark-gfm parse of the whole document, every construct enabled;
// - 'fast': the same parser with only the constructs that shape blocks (GFM table and footnote definitions;
//   inline constructs disabled), run on pieces split at top-level heading boundaries; pieces in plain plan
//   markdown skip micromark and are read line by line (plain-outline.ts), to the same outline.
// The equivalence of both is tested on every fixture and on generated documents.

import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import type { Root } from 'mdast';
import { appendOutline, collectOutline, emptyOutline, type Outline } from './outline';
import { parsePiece, type ParsedPiece } from './pieces';
import { listKind, openBlockEnd, splitPoints } from './split';

export type Strategy = 'fast' | 'whole';

// Built on first use, not at import: a module that only needs the parser's registries (the dashboard's
// browser bundle takes STATUSES) then leaves remark and micromark out.
let wholeProcessor: Processor<Root> | undefined;
const whole = () => (wholeProcessor ??= unified().use(remarkParse).use(remarkGfm).freeze() as Processor<Root>);

/** Inline constructs: the model reads inline text from source slices, so micromark may skip them all. */
const INLINE_CONSTRUCTS = [
  'attention',
  'autolink',
  'characterEscape',
  'characterReference',
  'codeText',
  'hardBreakEscape',
  'htmlText',
  'labelEnd',
  'labelStartImage',
  'labelStartLink',
];

let leanProcessor: Processor<Root> | undefined;
const lean = () =>
  (leanProcessor ??= unified()
    .use(remarkParse)
    .use(function lean(this: Processor) {
      const data = this.data();
      (data.micromarkExtensions ??= []).push(gfmTable(), gfmFootnote(), { disable: { null: INLINE_CONSTRUCTS } });
      (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmFootnoteFromMarkdown());
    })
    .freeze() as Processor<Root>);

/** One piece through the lean processor (pieces that plainOutline declines). */
export const parseLean = (text: string): Root => lean().parse(text) as Root;

/** micromark skips a leading BOM and counts offsets without it; we parse without it and shift back. */
function bomShift(source: string): number {
  return source.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** Length of YAML (`---`) or TOML (`+++`) front matter at the start of `body` (after any BOM), or 0. */
export function frontMatterLength(body: string): number {
  const m = /^(---|\+\+\+)[ \t]*\r?\n(?:[^\n]*\n)*?(?:\1|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(body.slice(0, 64 * 1024));
  return m ? m[0].length : 0;
}

/** `remember` (fast strategy): reuse pieces parsed before and remember new ones (parser/lib/pieces.ts). */
export function buildOutline(
  source: string,
  strategy: Strategy = 'fast',
  minPiece = MIN_PIECE,
  remember = true,
): Outline {
  const outline = emptyOutline();
  // Front matter is not markdown (GitHub shows it as a table): parse what follows, offsets shifted back.
  const bom = bomShift(source);
  const shift = bom + frontMatterLength(source.slice(bom));
  const body = shift ? source.slice(shift) : source;
  if (strategy === 'whole') {
    collectOutline(whole().parse(body) as Root, shift, outline);
    return outline;
  }
  parsePieces(body, shift, outline, minPiece, remember);
  return outline;
}

/** Smallest piece worth a parser call. micromark slows down on long inputs (a 1 MB plan: ~10× slower in
 * one piece than in 4 KB pieces), while tiny pieces add call overhead; 1–4 KB measured best. */
const MIN_PIECE = 4096;

function parsePieces(body: string, shift: number, outline: Outline, minPiece: number, remember: boolean): void {
  const points = splitPoints(body);
  const len = body.length;
  let from = 0;
  let k = 0;
  // The first split point at or after `offset` (or the end of the document).
  const pointAtOrAfter = (offset: number): number => {
    while (k < points.length && points[k] < offset) k++;
    return k < points.length ? points[k] : len;
  };
  let previousLastList: { id: number; kind: string } | null = null;
  while (from < len) {
    let to = pointAtOrAfter(Math.min(from + Math.max(1, minPiece), len));
    if (to <= from) to = pointAtOrAfter(from + 1);
    let piece: ParsedPiece;
    for (;;) {
      piece = parsePiece(body.slice(from, to), parseLean, remember);
      if (to >= len || piece.last === undefined) break;
      const beyond = openBlockEnd(body, piece.last.type, from + piece.last.start, to);
      if (beyond === -1) break;
      to = pointAtOrAfter(Math.max(beyond, to + 1));
    }
    // A piece that opens with a list item may continue the previous piece's last top-level list (only
    // blank lines lie between them): keep that list's identity, as one whole-document parse would.
    const { first, last } = piece;
    const continues =
      first?.type === 'list' && previousLastList && previousLastList.kind === listKind(body, from + first.start)
        ? previousLastList.id
        : undefined;
    const lastList = appendOutline(outline, piece.outline, shift + from, piece.lastList, continues);
    previousLastList =
      lastList !== null && last?.type === 'list' ? { id: lastList, kind: listKind(body, from + last.start) } : null;
    from = to;
  }
}
