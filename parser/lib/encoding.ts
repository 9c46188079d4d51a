// Mojibake: UTF-8 bytes that were decoded as Windows-1252 and re-encoded as UTF-8 (`✅` → `âœ…`).
// We find runs of characters that map back to single cp1252 bytes and whose bytes form valid multi-byte
// UTF-8 sequences, and decode them. cp1252 leaves 0x81 0x8D 0x8F 0x90 0x9D undefined; decoders pass those
// bytes through as the C1 controls U+0081 … U+009D, so those code points map back to their byte too.
// The cp1252 table stays ours: Node 20's TextDecoder('windows-1252') decodes as Latin-1 (0x80 → U+0080, not €).

import type { Span } from './types';

/** cp1252 bytes 0x80–0x9F; `null` marks the five undefined bytes (passed through as C1 controls). */
const CP1252_HIGH: (number | null)[] = [
  0x20ac,
  null,
  0x201a,
  0x0192,
  0x201e,
  0x2026,
  0x2020,
  0x2021,
  0x02c6,
  0x2030,
  0x0160,
  0x2039,
  0x0152,
  null,
  0x017d,
  null,
  null,
  0x2018,
  0x2019,
  0x201c,
  0x201d,
  0x2022,
  0x2013,
  0x2014,
  0x02dc,
  0x2122,
  0x0161,
  0x203a,
  0x0153,
  null,
  0x017e,
  0x0178,
];

/** Character code → the cp1252 byte it decodes from (for bytes ≥ 0x80). */
const CHAR_TO_BYTE = new Map<number, number>();
for (let b = 0x80; b <= 0xff; b++) {
  const mapped = b < 0xa0 ? CP1252_HIGH[b - 0x80] : b;
  CHAR_TO_BYTE.set(mapped ?? b, b);
}

/** The cp1252 byte a character came from, or -1 when it cannot be one. */
export function cp1252Byte(code: number): number {
  if (code < 0x80) return code;
  return CHAR_TO_BYTE.get(code) ?? -1;
}

/** Encode text as cp1252 bytes would have decoded it: the mojibake form of `text`. */
export function toMojibake(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (const b of bytes) {
    out += String.fromCharCode(b < 0x80 || b >= 0xa0 ? b : (CP1252_HIGH[b - 0x80] ?? b));
  }
  return out;
}

export interface MojibakeSpan extends Span {
  /** The damaged text as it stands in the source. */
  text: string;
  /** What it reads as once repaired. */
  repaired: string;
}

/** Length of a UTF-8 sequence led by byte `b`, or 0 when `b` cannot lead a multi-byte sequence. */
function sequenceLength(b: number): number {
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

// Strict: an invalid sequence (overlong, surrogate, out of range) throws; a BOM is a character like any other.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decode one UTF-8 sequence of bytes; null when it is not valid. */
function decodeSequence(bytes: number[]): string | null {
  try {
    return UTF8.decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
}

/** The characters that map back to a byte leading a multi-byte UTF-8 sequence (0xC2–0xF4: Latin-1's own). */
const LEAD = /[\u00c2-\u00f4]/g;

/** Every run of mojibake in `source`, in order; adjacent damaged sequences form one span. */
export function findMojibake(source: string): MojibakeSpan[] {
  const spans: MojibakeSpan[] = [];
  let i = 0;
  const len = source.length;
  while (i < len) {
    // Straight to the next character that can lead a sequence: the regex engine skips the text between.
    LEAD.lastIndex = i;
    if (!LEAD.test(source)) break;
    i = LEAD.lastIndex - 1;
    const lead = cp1252Byte(source.charCodeAt(i));
    const n = lead >= 0x80 ? sequenceLength(lead) : 0;
    if (n === 0 || i + n > len) {
      i++;
      continue;
    }
    const bytes = [lead];
    for (let k = 1; k < n; k++) bytes.push(cp1252Byte(source.charCodeAt(i + k)));
    const decoded = bytes.includes(-1) ? null : decodeSequence(bytes);
    if (decoded === null) {
      i++;
      continue;
    }
    const last = spans[spans.length - 1];
    if (last && last.end === i) {
      last.end = i + n;
      last.text += source.slice(i, i + n);
      last.repaired += decoded;
    } else {
      spans.push({ start: i, end: i + n, text: source.slice(i, i + n), repaired: decoded });
    }
    i += n;
  }
  return spans;
}

/** The source with every mojibake span replaced by its repaired text; all other characters untouched. */
export function repairMojibake(source: string): string {
  const spans = findMojibake(source);
  if (spans.length === 0) return source;
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += source.slice(at, span.start) + span.repaired;
    at = span.end;
  }
  return out + source.slice(at);
}
