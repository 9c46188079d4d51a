// Parsed pieces remembered by their text, so a document parsed again after an edit re-parses only the pieces
// whose text changed (docs/design.md: "a changed file re-parses only the pieces whose text changed"). A piece's
// outline depends on its text alone (blocks.ts parses each piece on its own and places it afterwards), so a
// remembered piece is exactly what parsing it again would give; the model cannot tell the difference.
import type { Root, RootContent } from 'mdast';
import { collectOutline, emptyOutline, type Outline } from './outline';
import { plainOutline } from './plain-outline';

export interface ParsedPiece {
  /** The piece's outline with offsets from the piece's start and lists numbered from 0. */
  outline: Outline;
  /** The piece's last top-level list, as collectOutline returns it. */
  lastList: number | null;
  /** Type and offset of the first and last top-level nodes (list continuation, unclosed fences). */
  first?: { type: string; start: number };
  last?: { type: string; start: number };
}

/** How much piece text to remember: a few dozen large plans; least recently used pieces go first. */
const MAX_CHARS = 8_000_000;
const memo = new Map<string, ParsedPiece>();
let memoChars = 0;
let parsedChars = 0;

export function parsePiece(text: string, parse: (text: string) => Root, remember: boolean): ParsedPiece {
  if (remember) {
    const hit = memo.get(text);
    if (hit) {
      memo.delete(text); // re-insert: Map order is the recency order
      memo.set(text, hit);
      return hit;
    }
  }
  parsedChars += text.length;
  const piece = plainOutline(text) ?? parseWithMicromark(text, parse);
  if (remember) {
    memo.set(text, piece);
    memoChars += text.length;
    for (const key of memo.keys()) {
      if (memoChars <= MAX_CHARS) break;
      memo.delete(key);
      memoChars -= key.length;
    }
  }
  return piece;
}

/** The piece read through micromark's tree: any markdown. */
export function parseWithMicromark(text: string, parse: (text: string) => Root): ParsedPiece {
  const tree = parse(text);
  const outline = emptyOutline();
  const lastList = collectOutline(tree, 0, outline);
  return {
    outline,
    lastList,
    first: nodeAt(tree.children[0]),
    last: nodeAt(tree.children[tree.children.length - 1]),
  };
}

function nodeAt(node: RootContent | undefined): ParsedPiece['first'] {
  const start = node?.position?.start.offset;
  return node && start !== undefined ? { type: node.type, start } : undefined;
}

/** Forget every remembered piece (benchmarks measuring a cold parse). */
export function forgetParsedPieces(): void {
  memo.clear();
  memoChars = 0;
}

/** Characters of pieces parsed (not reused) so far in this process: tests read it to see what a re-parse parsed. */
export function parsedCharacters(): number {
  return parsedChars;
}
