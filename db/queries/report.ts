// Reads behind the weekly report (report/model.ts assembles it): the progress log's own weeks, status
// transitions per day and the period's item events counted in the report's time zone, and each item's status
// as of the period's end (its status before the first event after that end, else its status now).
import { and, asc, eq, gte, isNull, lt, max, min, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { diagnosticEvents, itemEvents, items, phases, plans, progressLogRows, sections, syncState } from '../schema';
import type { PlanHead } from './plans';
import { asDiagnostics } from './diagnostics';
import { buildReport, combineReportInputs, historyStart, type Report, type ReportInput } from '../../report/model';
import {
  addDays,
  dayIn,
  isTimeZone,
  resolveWeek,
  WeekError,
  type DocumentWeek,
  type WeekOptions,
  type WeekRange,
} from '../../report/weeks';

export { WeekError };

/** The document's `### Week N` weeks with the first and last dates of their rows, in document order. */
export async function documentWeeks(db: Db, planId: number): Promise<DocumentWeek[]> {
  const rows = await db
    .select({
      title: progressLogRows.week,
      start: min(progressLogRows.date),
      end: max(progressLogRows.date),
      position: min(progressLogRows.position),
    })
    .from(progressLogRows)
    .where(eq(progressLogRows.planId, planId))
    .groupBy(progressLogRows.week)
    .orderBy(asc(min(progressLogRows.position)));
  return rows.map(({ title, start, end }) => ({ title, start, end }));
}

/** The instant a calendar day starts in `timeZone`. */
const dayStart = (day: string, timeZone: string) => sql`(${day}::date)::timestamp at time zone ${timeZone}`;
const localDay = (timeZone: string) =>
  sql<string>`to_char(${itemEvents.at} at time zone ${timeZone}, 'YYYY-MM-DD')`.as('day');
const inDays = (from: string, to: string, timeZone: string) =>
  and(gte(itemEvents.at, dayStart(from, timeZone)), lt(itemEvents.at, dayStart(addDays(to, 1), timeZone)));

/** Status transitions per local day and kind over [from, to]. */
export async function transitionsByDay(db: Db, planId: number, from: string, to: string, timeZone: string) {
  const day = localDay(timeZone);
  const rows = await db
    .select({ day, fromStatus: itemEvents.fromStatus, toStatus: itemEvents.toStatus, n: sql<number>`count(*)::int` })
    .from(itemEvents)
    .where(and(eq(itemEvents.planId, planId), inDays(from, to, timeZone)))
    .groupBy(sql`1`, itemEvents.fromStatus, itemEvents.toStatus)
    .orderBy(sql`1`);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The period's item events, oldest first, with each item's place in the plan. */
export async function periodEvents(db: Db, planId: number, from: string, to: string, timeZone: string) {
  return db
    .select({
      key: items.key,
      itemId: items.itemId,
      title: items.title,
      phaseKey: items.phaseKey,
      sectionKey: items.sectionKey,
      fromStatus: itemEvents.fromStatus,
      toStatus: itemEvents.toStatus,
      day: localDay(timeZone),
      source: itemEvents.source,
      actor: itemEvents.actor,
      note: itemEvents.note,
    })
    .from(itemEvents)
    .innerJoin(items, eq(items.id, itemEvents.itemId))
    .where(and(eq(itemEvents.planId, planId), inDays(from, to, timeZone)))
    .orderBy(asc(itemEvents.at), asc(itemEvents.id));
}

/** Items per phase and status as they stood at the end of day `day`; items not yet added or removed are left out. */
export async function statusAsOf(db: Db, planId: number, day: string, timeZone: string) {
  // Each item's first event after the day: one pass over the later events (a hash join, not a look-up per item).
  const next = db
    .selectDistinctOn([itemEvents.itemId], { itemId: itemEvents.itemId, fromStatus: itemEvents.fromStatus })
    .from(itemEvents)
    .where(and(eq(itemEvents.planId, planId), gte(itemEvents.at, dayStart(addDays(day, 1), timeZone))))
    .orderBy(itemEvents.itemId, asc(itemEvents.at), asc(itemEvents.id))
    .as('next');
  // No later event: the item's status now (or removed). A later event: the status it changed from.
  const status = sql<string | null>`case when ${next.itemId} is null
    then (case when ${items.removedAt} is null then ${items.status} else 'removed' end)
    else ${next.fromStatus} end`;
  const rows = await db
    .select({ phaseKey: items.phaseKey, status, n: sql<number>`count(*)::int` })
    .from(items)
    .leftJoin(next, eq(next.itemId, items.id))
    .where(eq(items.planId, planId))
    .groupBy(items.phaseKey, sql`2`);
  return rows
    .filter((r) => r.status !== null && r.status !== 'removed')
    .map((r) => ({ phaseKey: r.phaseKey, status: r.status!, n: Number(r.n) }));
}

/** Whether the plan has any history at all: events, or a progress log with dated rows. */
async function hasHistory(db: Db, planId: number): Promise<boolean> {
  const [e] = await db.select({ id: itemEvents.id }).from(itemEvents).where(eq(itemEvents.planId, planId)).limit(1);
  return !!e;
}

export interface ReportSelection {
  week?: string;
  from?: string;
  to?: string;
}

export interface ReportOptions extends WeekOptions {
  /** "Now", for the current week and refusing future weeks; default the clock. */
  now?: Date;
}

/**
 * The weekly report of one plan. Throws WeekError (one line for the user) for a week that cannot be
 * reported: unknown, in the future, a range ending before it starts, or a plan without history.
 */
export async function planReport(
  db: Db,
  plan: PlanHead,
  sel: ReportSelection,
  opts: ReportOptions = {},
): Promise<Report> {
  const options = weekOptions(opts);
  const today = dayIn(opts.now ?? new Date(), options.timeZone);
  const range = resolveWeek(sel, { ...options, today, documentWeeks: await documentWeeks(db, plan.id) });
  if (!(await hasHistory(db, plan.id))) {
    throw new WeekError(`${plan.slug} has no history yet: tick an item or log completions in its progress log first`);
  }
  return buildReport(await reportInput(db, plan, range, options));
}

/**
 * One report across every plan given (the dashboard's all-plans page): ISO or calendar weeks and ranges only
 * (document weeks belong to one document); plans without history are left out. Each phase keeps its own plan's
 * forecast; the headline forecast is over all the remaining work, with no target date.
 */
export async function allPlansReport(
  db: Db,
  all: PlanHead[],
  sel: ReportSelection,
  opts: ReportOptions = {},
): Promise<Report> {
  const options = weekOptions(opts);
  const today = dayIn(opts.now ?? new Date(), options.timeZone);
  const range = resolveWeek(sel, { ...options, today, documentWeeks: [] });
  const parts: { input: ReportInput; label: string }[] = [];
  for (const plan of all) {
    if (!(await hasHistory(db, plan.id))) continue;
    parts.push({ input: await reportInput(db, plan, range, options), label: plan.title ?? plan.slug });
  }
  if (!parts.length) throw new WeekError('no plan has history yet: tick an item or log completions first');
  const combined = buildReport(combineReportInputs(parts));
  // A phase's dates come from its own plan's forecast: plans are worked side by side, not one after another.
  const own = new Map<string, Report['byPhase'][number]['forecast']>();
  for (const { input } of parts) {
    const r = buildReport(input);
    for (const p of r.byPhase) own.set(`${input.plan!.slug}/${p.key}`, p.forecast);
  }
  return {
    ...combined,
    byPhase: combined.byPhase.map((p) => ({ ...p, forecast: own.get(p.key) ?? p.forecast })),
  };
}

function weekOptions(opts: ReportOptions): Required<WeekOptions> {
  const timeZone = opts.timeZone ?? 'UTC';
  if (!isTimeZone(timeZone))
    throw new WeekError(`unknown time zone '${timeZone}': use an IANA name such as Europe/Berlin`);
  const weekStart = opts.weekStart ?? 1;
  if (!Number.isInteger(weekStart) || weekStart < 1 || weekStart > 7) {
    throw new WeekError(`week start ${weekStart} is not a weekday: 1 = Monday … 7 = Sunday`);
  }
  return { timeZone, weekStart };
}

/** Everything buildReport needs for one plan and period. */
async function reportInput(
  db: Db,
  plan: PlanHead,
  range: WeekRange,
  options: Required<WeekOptions>,
): Promise<ReportInput> {
  const { timeZone } = options;
  const from = historyStart(range, options);
  const [phaseRows, sectionRows, asOf, transitions, events, planRow, healthChanges, healthSince] = await Promise.all([
    db
      .select({ key: phases.key, number: phases.number, name: phases.name })
      .from(phases)
      .where(and(eq(phases.planId, plan.id), isNull(phases.removedAt)))
      .orderBy(asc(phases.position)),
    db
      .select({ key: sections.key, number: sections.number, title: sections.title })
      .from(sections)
      .where(eq(sections.planId, plan.id)),
    statusAsOf(db, plan.id, range.end, timeZone),
    transitionsByDay(db, plan.id, from, range.end, timeZone),
    periodEvents(db, plan.id, range.start, range.end, timeZone),
    db.select({ diagnostics: plans.diagnostics }).from(plans).where(eq(plans.id, plan.id)),
    diagnosticChanges(db, plan.id, range.start, range.end, timeZone),
    diagnosticsSince(db, plan.id, timeZone),
  ]);
  return {
    plan: { slug: plan.slug, title: plan.title, path: plan.path, targetDate: plan.targetDate },
    range,
    options,
    phases: phaseRows.map((p) => ({ key: p.key, name: p.number !== null ? `Phase ${p.number}: ${p.name}` : p.name })),
    sections: sectionRows.map((s) => ({ key: s.key, title: s.number ? `${s.number} ${s.title}` : s.title })),
    statusAsOf: asOf,
    transitions,
    events,
    diagnostics: asDiagnostics(planRow[0]?.diagnostics).map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...(d.line !== null ? { line: d.line } : {}),
      ...(d.column !== null ? { column: d.column } : {}),
    })),
    diagnosticChanges: healthChanges,
    diagnosticsSince: healthSince,
  };
}

/** The plan's diagnostics that appeared or settled over [from, to] (days in `timeZone`), oldest first. */
export async function diagnosticChanges(db: Db, planId: number, from: string, to: string, timeZone: string) {
  const rows = await db
    .select({
      change: diagnosticEvents.change,
      date: sql<string>`to_char(${diagnosticEvents.at} at time zone ${timeZone}, 'YYYY-MM-DD')`,
      severity: diagnosticEvents.severity,
      code: diagnosticEvents.code,
      message: diagnosticEvents.message,
      line: diagnosticEvents.line,
    })
    .from(diagnosticEvents)
    .where(
      and(
        eq(diagnosticEvents.planId, planId),
        gte(diagnosticEvents.at, dayStart(from, timeZone)),
        lt(diagnosticEvents.at, dayStart(addDays(to, 1), timeZone)),
      ),
    )
    .orderBy(asc(diagnosticEvents.at), asc(diagnosticEvents.id));
  return rows.map(({ line, ...d }) => (line === null ? d : { ...d, line }));
}

/** The day the plan's diagnostic history begins (its first import under this schema), or null. */
async function diagnosticsSince(db: Db, planId: number, timeZone: string): Promise<string | null> {
  const [row] = await db
    .select({ at: min(diagnosticEvents.at) })
    .from(diagnosticEvents)
    .where(eq(diagnosticEvents.planId, planId));
  return row?.at ? dayIn(new Date(row.at), timeZone) : null;
}

/** The days (in `timeZone`) on which any of the plan's items changed, oldest first: the weeks worth picking. */
export async function activeDays(db: Db, planId: number, timeZone: string): Promise<string[]> {
  const day = localDay(timeZone);
  const rows = await db
    .selectDistinct({ day })
    .from(itemEvents)
    .where(eq(itemEvents.planId, planId))
    .orderBy(sql`1`);
  return rows.map((r) => r.day);
}

/** The hash of the plan file as last synced: the version of the document a report was computed from. */
export async function syncedHash(db: Db, planId: number): Promise<string | null> {
  const [row] = await db.select({ hash: syncState.contentHash }).from(syncState).where(eq(syncState.planId, planId));
  return row?.hash ?? null;
}
