// The Reports tab's reads: the week chosen in the URL (`?week=2026-W01`, `?week=Week 2`, `?from=…&to=…`,
// `&tz=Europe/Berlin&weekStart=7`), the weeks worth offering in the picker, and the report itself — the same
// planReport the CLI prints (db/queries/report.ts), so the page, the download and `tickmark report` agree.
import type { PlanHead } from './queries.server';
import type { Db } from '../../db/client';
import { activeDays, allPlansReport, documentWeeks, planReport, syncedHash, WeekError } from '../../db/queries/report';
import { listPlanHeads } from '../../db/queries/plans';
import { dayIn, isoWeekMonday, isoWeeksInYear, isTimeZone, weekContaining } from '../../report/weeks';
import type { Report } from '../../report/model';

export interface ReportQuery {
  selection: { week?: string; from?: string; to?: string };
  timeZone: string;
  weekStart: number;
}

const given = (s: string | null) => (s === null || s.trim() === '' ? undefined : s.trim());

/** The selection and week options in a URL's search parameters or a form (empty fields count as absent). */
export function reportQuery(p: URLSearchParams): ReportQuery {
  const ws = given(p.get('weekStart'));
  const weekStart = ws === undefined ? 1 : Number(ws);
  let week = given(p.get('week'));
  // The picker switched to weeks starting on another day still sends the ISO week it showed: read that as the
  // week containing its Monday (2026-W01 with Sunday weeks → 2025-12-28 … 2026-01-03).
  const iso = week !== undefined && weekStart !== 1 ? /^(\d{4})-?W(\d{1,2})$/i.exec(week) : null;
  if (iso && Number(iso[2]) >= 1 && Number(iso[2]) <= isoWeeksInYear(Number(iso[1]))) {
    week = isoWeekMonday(Number(iso[1]), Number(iso[2]));
  }
  return {
    selection: { week, from: given(p.get('from')), to: given(p.get('to')) },
    timeZone: given(p.get('tz')) ?? 'UTC',
    weekStart,
  };
}

export interface WeekChoice {
  /** The `week` parameter that selects it. */
  value: string;
  label: string;
  /** False for a document week without dated rows (it cannot be reported). */
  usable: boolean;
}

/** The picker's choices: the document's own weeks (one plan), then every week with changes plus the current one
 * (newest first). */
async function weekChoices(db: Db, planIds: number[], q: ReportQuery) {
  const zone = isTimeZone(q.timeZone) ? q.timeZone : 'UTC';
  const weekStart = Number.isInteger(q.weekStart) && q.weekStart >= 1 && q.weekStart <= 7 ? q.weekStart : 1;
  const [doc, perPlan] = await Promise.all([
    planIds.length === 1 ? documentWeeks(db, planIds[0]) : Promise.resolve([]),
    Promise.all(planIds.map((id) => activeDays(db, id, zone))),
  ]);
  const days = [...new Set(perPlan.flat())].sort();
  const today = dayIn(new Date(), zone);
  const calendar = new Map<string, WeekChoice>();
  for (const day of [today, ...days.reverse()]) {
    const w = weekContaining(day, { weekStart });
    if (!calendar.has(w.id)) {
      calendar.set(w.id, { value: w.id, label: `${w.id} (${w.start} – ${w.end})`, usable: true });
    }
  }
  const documentChoices = doc.map((w) => ({
    value: w.title.trim(),
    label: w.start ? `${w.title.trim()} (${w.start === w.end ? w.start : `${w.start} – ${w.end}`})` : w.title,
    usable: !!w.start && !!w.end,
  }));
  return { document: documentChoices, calendar: [...calendar.values()], today };
}

export type ReportPage =
  { ok: true; report: Report; hash: string | null } | { ok: false; message: string; hash: string | null };

/** The report for the URL's selection, or the one line that says why there is none (a WeekError). */
export async function loadReport(db: Db, plan: PlanHead, q: ReportQuery): Promise<ReportPage> {
  const hash = await syncedHash(db, plan.id);
  try {
    const report = await planReport(db, plan, q.selection, { timeZone: q.timeZone, weekStart: q.weekStart });
    return { ok: true, report, hash };
  } catch (error) {
    if (error instanceof WeekError) return { ok: false, message: error.message, hash };
    throw error;
  }
}

export async function loadReportPage(db: Db, plan: PlanHead, q: ReportQuery) {
  const [page, choices] = await Promise.all([loadReport(db, plan, q), weekChoices(db, [plan.id], q)]);
  return { page, choices };
}

/** The all-plans report for the URL's selection, or the one line that says why there is none. */
export async function loadAllReport(db: Db, q: ReportQuery, plans?: PlanHead[]): Promise<ReportPage> {
  try {
    const report = await allPlansReport(db, plans ?? (await listPlanHeads(db)), q.selection, {
      timeZone: q.timeZone,
      weekStart: q.weekStart,
    });
    return { ok: true, report, hash: null };
  } catch (error) {
    if (error instanceof WeekError) return { ok: false, message: error.message, hash: null };
    throw error;
  }
}

export async function loadAllReportPage(db: Db, q: ReportQuery) {
  const plans = await listPlanHeads(db);
  const [page, choices] = await Promise.all([
    loadAllReport(db, q, plans),
    weekChoices(
      db,
      plans.map((p) => p.id),
      q,
    ),
  ]);
  return { page, choices, plans: plans.length };
}

/** A file name for the download: `system-design-gap-plan-2026-W01.md`. */
export function reportFileName(slug: string, week: string): string {
  return `${slug}-${week}`.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+/g, '-') + '.md';
}
