// Trailing markers on an item's text: `✅`, `✅ 2025-06-18`, `🚧` … also in their mojibake forms (`âœ…`),
// because documents that went through a Windows-1252 round trip still mean the same thing.

import { toMojibake } from './encoding';

const SYMBOLS = ['✅', '✔️', '✔', '☑️', '☑', '🚧', '⏳', '❌', '🔄'];
const FORMS = [...SYMBOLS, ...SYMBOLS.map(toMojibake)].sort((a, b) => b.length - a.length);

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const CHECK_FORMS = ['✅', toMojibake('✅')];
export const CHECK_ALT = CHECK_FORMS.map(escape).join('|');

/** The canonical form of a marker ('âœ…' → '✅'). */
export function canonicalMarker(form: string): string {
  const i = SYMBOLS.findIndex((s) => s === form || toMojibake(s) === form);
  return i === -1 ? form : SYMBOLS[i];
}

export interface TrailingMarker {
  /** The marker as written (mojibake stays mojibake, so a writer can match it). */
  text: string;
  /** Offset in the examined text where the marker's leading whitespace starts. */
  start: number;
  /** Offset where the marker itself starts. */
  markerStart: number;
  /** End of the marker including its date. */
  end: number;
  date: string | null;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';
const isWhite = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The marker form ending exactly at `end`, if any. */
function formEndingAt(text: string, end: number): string | null {
  for (const form of FORMS) if (end >= form.length && text.startsWith(form, end - form.length)) return form;
  return null;
}

/**
 * Trailing markers of `text` (already trimmed at its end), in document order: `✅`, `🚧 ✅ 2025-06-18`.
 * Scanned backwards by hand — no backtracking regex over what may be a very long line.
 */
export function trailingMarkers(text: string): TrailingMarker[] {
  const found: TrailingMarker[] = [];
  let end = text.length;
  for (;;) {
    let markerEnd = end;
    let date: string | null = null;
    if (end >= 10 && DATE.test(text.slice(end - 10, end))) {
      let k = end - 10;
      const gapEnd = k;
      while (k > 0 && isSpace(text[k - 1])) k--;
      if (k < gapEnd && formEndingAt(text, k)) {
        date = text.slice(end - 10, end);
        markerEnd = k;
      }
    }
    const form = formEndingAt(text, markerEnd);
    if (!form) break;
    const markerStart = markerEnd - form.length;
    if (markerStart === 0) break; // a text that is only a marker keeps it as its text
    let start = markerStart;
    while (start > 0 && isWhite(text[start - 1])) start--;
    found.unshift({ text: form, start, markerStart, end, date });
    end = start;
    if (start === markerStart) break; // glued to a word: stop here
  }
  return found;
}

const TEXT_DONE_DATE = new RegExp(
  `(?:${CHECK_ALT})[ \\t]{0,3}(?:\\*\\*)?[ \\t]{0,3}(?:COMPLETED?|DONE)?[ \\t]{0,3}:?[ \\t]{0,3}\\(?(\\d{4}-\\d{2}-\\d{2})`,
  'i',
);

/** A done-date written after a check mark anywhere in the text (`✅ 2025-06-18`, `✅ **COMPLETED 2025-01-04**`). */
export function textDoneDateRaw(text: string): string | null {
  return TEXT_DONE_DATE.exec(text)?.[1] ?? null;
}
