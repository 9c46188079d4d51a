// Status words and emoji as task tables write them (`✅ DONE`, `🔄 IN PROGRESS`, `⏸️ DEFERRED`), read through
// the explicit table in the status registry (statuses.ts `table`, documented in docs/task-tables.md). A cell
// is read by its first recognised sign: the word when it is in STATUS_WORDS, else its leading emoji when that
// is in STATUS_EMOJI. Anything else is unknown, and the caller reports it: never a silent guess.

import { STATUS_INFO, STATUSES, type Status } from './statuses';

/** Words (upper case, single spaces) → status, from the status registry. */
export const STATUS_WORDS: Readonly<Record<string, Status>> = Object.fromEntries(
  STATUSES.flatMap((s) => STATUS_INFO[s].table.words.map((w) => [w, s])),
);

/** Emoji (variation selectors removed) → status, for cells that carry no known word. */
export const STATUS_EMOJI: Readonly<Record<string, Status>> = Object.fromEntries(
  STATUSES.flatMap((s) => STATUS_INFO[s].table.emoji.map((e) => [e, s])),
);

/** What a writer writes for a status when neither the document's rows nor its legend say. */
export const DEFAULT_STATUS_WORDS: Readonly<Record<Status, string>> = Object.fromEntries(
  STATUSES.map((s) => [s, STATUS_INFO[s].table.spelling]),
) as Record<Status, string>;

/** Emphasis and code marks around a status (`**✅ DONE**`) are not part of it. */
function plain(text: string): string {
  return text.replace(/\*\*|__|`/g, '').trim();
}

/** The leading symbols (emoji, with their variation selectors) and the words after them. */
function split(text: string): { emoji: string; words: string } {
  const t = plain(text);
  let i = 0;
  while (i < t.length && !/[\p{L}\p{N}]/u.test(t[i])) i++;
  return { emoji: t.slice(0, i).replace(/[\s\uFE0E\uFE0F]/g, ''), words: t.slice(i) };
}

/** A Status Legend's own signs (`🟢` from `- 🟢 Done`), variation selectors removed (task-tables.ts readLegend). */
export type LegendSigns = Readonly<Record<string, Status>>;

/** The symbols a legend spelling opens with (`🟢` of `🟢 Done`), or '' when it opens with a word. */
export function signOf(spelling: string): string {
  return split(spelling).emoji;
}

/** The status a cell's text names, or null when it names none this table (or the legend) knows: its word,
 * else its leading sign as the document's legend defines it, else as the vocabulary's emoji do. */
export function statusOfWords(text: string, signs: LegendSigns = {}): Status | null {
  const { emoji, words } = split(text);
  const tokens = words
    .toUpperCase()
    .replace(/[-_]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
  // The longest known phrase the words start with: `IN PROGRESS (60%)`, `DONE 2026-01-04`.
  for (let k = Math.min(3, tokens.length); k > 0; k--) {
    const phrase = tokens
      .slice(0, k)
      .join(' ')
      .replace(/[.,:;!)]+$/, '');
    const status = STATUS_WORDS[phrase];
    if (status) return status;
  }
  if (!emoji) return null;
  const first = [...emoji][0];
  return signs[emoji] ?? signs[first] ?? STATUS_EMOJI[emoji] ?? STATUS_EMOJI[first] ?? null;
}

/** Whether a text is only a status (a cell of a status column, a legend entry's spelling). */
export function isStatusText(text: string): boolean {
  return statusOfWords(text) !== null;
}

/** The default spelling in the style of a document's own spelling: with or without emoji, and in its case. */
export function styledDefault(status: Status, sample: string | null): string {
  const word = DEFAULT_STATUS_WORDS[status];
  if (sample === null) return word;
  const { emoji, words } = split(sample);
  const bare = word.slice(word.indexOf(' ') + 1);
  const letters = words.replace(/[^\p{L}]/gu, '');
  const cased =
    letters && letters === letters.toLowerCase()
      ? bare.toLowerCase()
      : letters && letters !== letters.toUpperCase()
        ? bare.charAt(0) + bare.slice(1).toLowerCase()
        : bare;
  if (!emoji) return cased;
  if (!words) return word.slice(0, word.indexOf(' '));
  return `${word.slice(0, word.indexOf(' '))} ${cased}`;
}

/** Columns a text takes in a monospaced editor: emoji and East Asian wide characters take two, variation
 * selectors, joiners and combining marks none. Used to keep an aligned table's pipes where they stand. */
export function displayWidth(text: string): number {
  let width = 0;
  let last = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0xfe0f) {
      // Emoji presentation: the character before it shows two columns wide.
      if (last === 1) width += 1;
      last = 2;
      continue;
    }
    if (cp === 0xfe0e || cp === 0x200d || /\p{Mn}/u.test(ch)) continue;
    last = /\p{Emoji_Presentation}/u.test(ch) || isWide(cp) ? 2 : 1;
    width += last;
  }
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}
