// Dates as plans write them: ISO `2026-01-02` or `January 4, 2026` / `4 January 2026`.

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function monthIndex(name: string): number {
  const n = name.toLowerCase();
  if (n.length < 3) return -1;
  return MONTHS.findIndex((m) => m.startsWith(n.replace(/\.$/, '')));
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
