// The document's dates, read and written: ISO `2026-01-02`, `January 4, 2026` / `Jan. 04 2026`, `4 January
// 2026`, `2026/01/04`. Written back in the format the document already uses (`**Last Updated**: January 4,
// 2026` stays long-form); an unrecognised format is left alone rather than guessed. "Today" is the local
// calendar date of the machine Tickmark runs on (localIsoDate): the date its user sees on their clock.

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const SHORT = MONTHS.map((m) => m.slice(0, 3));

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function monthIndex(name: string): number {
  const n = name.toLowerCase();
  if (n.length < 3) return -1;
  return MONTHS.findIndex((m) => m.toLowerCase().startsWith(n.replace(/\.$/, '')));
}

export interface DateRead {
  /** ISO date, or null when the text looks like a date that does not exist (`2026-02-30`). */
  date: string | null;
  /** Whether the text holds something shaped like a date at all. */
  shaped: boolean;
}

/** Read the first date at the start of `text` (after emphasis markers). */
export function readDate(text: string): DateRead {
  const t = text.replace(/^[\s*_]+/, '');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/.exec(t);
  if (m) return { date: iso(+m[1], +m[2], +m[3]), shaped: true };
  m = /^([A-Za-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(t);
  if (m && monthIndex(m[1]) >= 0) return { date: iso(+m[3], monthIndex(m[1]) + 1, +m[2]), shaped: true };
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+\.?),?\s+(\d{4})\b/.exec(t);
  if (m && monthIndex(m[2]) >= 0) return { date: iso(+m[3], monthIndex(m[2]) + 1, +m[1]), shaped: true };
  return { date: null, shaped: false };
}

// ---- writing dates in the document's format ----------------------------------------------------------

export interface DateMatch {
  /** Offset of the date inside the searched text, and its length. */
  index: number;
  length: number;
  /** Formats an ISO `YYYY-MM-DD` date the way the matched one was written. */
  format: (iso: string) => string;
}

const monthAlt = `(${MONTHS.join('|')}|${SHORT.join('|')})(\\.?)`;
const PATTERNS: { re: RegExp; make: (m: RegExpExecArray) => (iso: string) => string }[] = [
  {
    // 2026-01-04
    re: /\b\d{4}-\d{2}-\d{2}\b/,
    make: () => (iso) => iso,
  },
  {
    // January 4, 2026 / Jan 4, 2026 / Jan. 04 2026
    re: new RegExp(`\\b${monthAlt} (\\d{1,2})(,?) (\\d{4})\\b`),
    make: (m) => {
      const long = MONTHS.includes(m[1]);
      const dot = m[2];
      const padDay = m[3].length === 2 && m[3].startsWith('0');
      const comma = m[4];
      return (iso) => {
        const [y, mo, d] = parts(iso);
        const name = long ? MONTHS[mo - 1] : SHORT[mo - 1] + dot;
        return `${name} ${padDay ? pad2(d) : d}${comma} ${y}`;
      };
    },
  },
  {
    // 4 January 2026
    re: new RegExp(`\\b(\\d{1,2}) ${monthAlt},? (\\d{4})\\b`),
    make: (m) => {
      const long = MONTHS.includes(m[2]);
      const dot = m[3];
      const padDay = m[1].length === 2 && m[1].startsWith('0');
      const comma = m[0].includes(',') ? ',' : '';
      return (iso) => {
        const [y, mo, d] = parts(iso);
        const name = long ? MONTHS[mo - 1] : SHORT[mo - 1] + dot;
        return `${padDay ? pad2(d) : d} ${name}${comma} ${y}`;
      };
    },
  },
  {
    // 2026/01/04
    re: /\b\d{4}\/\d{2}\/\d{2}\b/,
    make: () => (iso) => iso.replaceAll('-', '/'),
  },
];

/** Finds the first date in `text` whose format we can reproduce. */
export function findDate(text: string): DateMatch | null {
  let best: DateMatch | null = null;
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (m && (!best || m.index < best.index)) best = { index: m.index, length: m[0].length, format: p.make(m) };
  }
  return best;
}

/** Formats `iso` like the date written in `sample`; ISO when the sample holds no recognisable date. */
export function formatDateLike(sample: string, iso: string): string {
  return findDate(sample)?.format(iso) ?? iso;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Valid calendar date in `YYYY-MM-DD` form. */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Days from `a` to `b` (ISO dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The local calendar date as `YYYY-MM-DD`. */
export function localIsoDate(at: Date = new Date()): string {
  return `${at.getFullYear()}-${pad2(at.getMonth() + 1)}-${pad2(at.getDate())}`;
}

function parts(iso: string): [number, number, number] {
  const [y, m, d] = iso.split('-').map(Number);
  return [y, m, d];
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
