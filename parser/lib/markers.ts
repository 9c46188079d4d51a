// Trailing markers on an item's text: `✅`, `✅ 2025-06-18`, `🚧` … also in their mojibake forms (`âœ…`),
// because documents that went through a Windows-1252 round trip still mean the same thing.

import { toMojibake } from './encoding';

const SYMBOLS = ['✅', '✔️', '✔', '☑️', '☑', '🚧', '⏳', '❌', '🔄'];
const FORMS = [...SYMBOLS, ...SYMBOLS.map(toMojibake)].sort((a, b) => b.length - a.length);

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MARKER_ALT = FORMS.map(escape).join('|');
const TRAILING = new RegExp(`(\\s*)(${MARKER_ALT})(?:[ \\t]+(\\d{4}-\\d{2}-\\d{2}))?[ \\t]*$`);

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

/** Trailing markers of `text`, in document order. `text` must already be trimmed at its end. */
export function trailingMarkers(text: string): TrailingMarker[] {
  const found: TrailingMarker[] = [];
  let rest = text;
  for (;;) {
    const m = TRAILING.exec(rest);
    if (!m || m.index + m[1].length === 0) {
      // A text that is only a marker keeps it as its text.
      break;
    }
    const markerStart = m.index + m[1].length;
    found.unshift({ text: m[2], start: m.index, markerStart, end: rest.length, date: m[3] ?? null });
    rest = rest.slice(0, m.index);
    if (m[1].length === 0) break; // glued to a word: stop here
  }
  // Ends were measured against shrinking prefixes; make them real.
  for (let i = 0; i < found.length; i++) {
    const next = found[i + 1];
    found[i].end = next ? next.start : text.length;
    found[i].end = found[i].markerStart + text.slice(found[i].markerStart, found[i].end).trimEnd().length;
  }
  return found;
}

const TEXT_DONE_DATE = new RegExp(`(?:${CHECK_ALT})\\s*(?:\\*\\*)?\\s*(?:COMPLETED?|DONE)?\\s*:?\\s*\\(?(\\d{4}-\\d{2}-\\d{2})`, 'i');

/** A done-date written after a check mark anywhere in the text (`✅ 2025-06-18`, `✅ **COMPLETED 2025-01-04**`). */
export function textDoneDateRaw(text: string): string | null {
  return TEXT_DONE_DATE.exec(text)?.[1] ?? null;
}
