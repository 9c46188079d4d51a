// Week arithmetic for reports, on calendar days (`YYYY-MM-DD` strings) in the report's time zone: ISO weeks
// (Monday start), weeks starting on another day, the document's own `### Week N` weeks, and explicit ranges.
// Pure: the caller supplies "today" and the document's weeks.
// The light entry: reports are read by commands that must not load the markdown parser (decision 051).
import { isIsoDate } from '../parser/status-registry';

/** A report period: inclusive calendar days in the report's time zone. */
export interface WeekRange {
  /** `2026-W01` (ISO), the start day for weeks not starting on Monday, the document's `Week 2`, or `D..D`. */
  id: string;
  kind: 'iso' | 'calendar' | 'document' | 'range';
  start: string;
  end: string;
}

export interface WeekOptions {
  /** First day of the week: 1 = Monday (ISO, the default) … 7 = Sunday. */
  weekStart?: number;
  /** IANA time zone the days are counted in; default UTC. */
  timeZone?: string;
}

/** A document week as the progress log holds it: its heading and the first and last dates of its rows. */
export interface DocumentWeek {
  title: string;
  start: string | null;
  end: string | null;
}

/** Bad week input: the message is one line for the user. */
export class WeekError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeekError';
  }
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_WEEK = /^(\d{4})-?W(\d{1,2})$/i;

function toMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}
function fromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return fromMs(toMs(day) + n * DAY_MS);
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toMs(b) - toMs(a)) / DAY_MS);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  return ((new Date(toMs(day)).getUTCDay() + 6) % 7) + 1;
}

/** The first day of the week (starting on `weekStart`) that contains `day`. */
export function weekStartOf(day: string, weekStart = 1): string {
  return addDays(day, -((isoWeekday(day) - weekStart + 7) % 7));
}

/** Monday of ISO week `week` of ISO year `year`. */
export function isoWeekMonday(year: number, week: number): string {
  const jan4 = `${String(year).padStart(4, '0')}-01-04`;
  return addDays(weekStartOf(jan4, 1), (week - 1) * 7);
}

/** 52 or 53: a year has 53 ISO weeks when it starts on a Thursday, or on a Wednesday in a leap year. */
export function isoWeeksInYear(year: number): number {
  return weekStartOf(`${year + 1}-01-04`, 1) === addDays(isoWeekMonday(year, 1), 53 * 7) ? 53 : 52;
}

/** `2026-W01` for a day (the ISO year is the year of the week's Thursday). */
export function isoWeekId(day: string): string {
  const thursday = addDays(weekStartOf(day, 1), 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(isoWeekMonday(year, 1), thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The calendar day an instant falls on in `timeZone`. */
export function dayIn(instant: Date, timeZone = 'UTC'): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

/** Whether `timeZone` names a zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The week (ISO, or starting on another day) containing `day`. */
export function weekContaining(day: string, opts: WeekOptions = {}): WeekRange {
  const ws = opts.weekStart ?? 1;
  const start = weekStartOf(day, ws);
  const end = addDays(start, 6);
  return ws === 1 ? { id: isoWeekId(day), kind: 'iso', start, end } : { id: start, kind: 'calendar', start, end };
}

/** The week before `range` (same kind; a document week's predecessor is the 7 days before it). */
export function previousWeek(range: WeekRange, opts: WeekOptions = {}): WeekRange {
  if (range.kind === 'iso' || range.kind === 'calendar') return weekContaining(addDays(range.start, -7), opts);
  const start = addDays(range.start, -7);
  return { id: `${start}..${addDays(range.start, -1)}`, kind: 'range', start, end: addDays(range.start, -1) };
}

/**
 * Resolve the user's week selection: `2026-W01`, a document week's heading (`Week 2`), a day (the week
 * containing it), an explicit `from`/`to`, or nothing (the current week). Throws WeekError with one line.
 */
export function resolveWeek(
  sel: { week?: string; from?: string; to?: string },
  ctx: WeekOptions & { today: string; documentWeeks?: DocumentWeek[] },
): WeekRange {
  if (sel.week !== undefined && (sel.from !== undefined || sel.to !== undefined)) {
    throw new WeekError('give either --week or --from/--to, not both');
  }
  let range: WeekRange;
  if (sel.from !== undefined || sel.to !== undefined) {
    if (sel.from === undefined || sel.to === undefined) throw new WeekError('--from and --to go together');
    for (const d of [sel.from, sel.to]) {
      if (!isIsoDate(d)) throw new WeekError(`'${d}' is not a date: write YYYY-MM-DD, such as 2026-01-05`);
    }
    if (sel.to < sel.from) throw new WeekError(`the range ends (${sel.to}) before it starts (${sel.from})`);
    range = { id: `${sel.from}..${sel.to}`, kind: 'range', start: sel.from, end: sel.to };
  } else if (sel.week === undefined || sel.week.trim() === '') {
    range = weekContaining(ctx.today, ctx);
  } else {
    range = parseWeek(sel.week.trim(), ctx);
  }
  if (range.start > ctx.today) {
    throw new WeekError(`${range.id} starts on ${range.start}, after today (${ctx.today}): it has no history yet`);
  }
  return range;
}

function parseWeek(s: string, ctx: WeekOptions & { documentWeeks?: DocumentWeek[] }): WeekRange {
  const iso = ISO_WEEK.exec(s);
  if (iso) {
    const year = Number(iso[1]);
    const week = Number(iso[2]);
    if (week < 1 || week > isoWeeksInYear(year)) {
      throw new WeekError(`${year} has ${isoWeeksInYear(year)} ISO weeks; '${s}' is not one of them`);
    }
    const start = isoWeekMonday(year, week);
    return { id: `${year}-W${String(week).padStart(2, '0')}`, kind: 'iso', start, end: addDays(start, 6) };
  }
  if (ISO_DAY.test(s)) {
    if (!isIsoDate(s)) throw new WeekError(`'${s}' is not a calendar date`);
    return weekContaining(s, ctx);
  }
  const docs = ctx.documentWeeks ?? [];
  const doc = docs.find((w) => w.title.trim().toLowerCase() === s.toLowerCase());
  if (doc) {
    if (!doc.start || !doc.end) throw new WeekError(`the progress log's '${doc.title}' has no dated rows`);
    return { id: doc.title.trim(), kind: 'document', start: doc.start, end: doc.end };
  }
  const known = docs.map((w) => `'${w.title.trim()}'`).join(', ');
  throw new WeekError(
    `unknown week '${s}': write 2026-W01, a date such as 2026-01-05${known ? `, or one of the progress log's weeks: ${known}` : ''}`,
  );
}

/** The `n` consecutive weeks ending with the one containing `day` (oldest first). */
export function weeksEndingAt(day: string, n: number, opts: WeekOptions = {}): WeekRange[] {
  const last = weekContaining(day, opts);
  const out: WeekRange[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(weekContaining(addDays(last.start, -7 * i), opts));
  return out;
}
