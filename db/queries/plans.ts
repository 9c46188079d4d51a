// The plan list with counted totals, look-ups by slug or path, and the plan's own dates.
import { and, asc, eq, isNull, max, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { itemEvents, items, plans, syncState, type Plan } from '../schema';
import { countColumns, finishCounts, type StatusCounts } from './counts';

export interface PlanSummary {
  id: number;
  slug: string;
  path: string;
  title: string | null;
  /** Why the last sync failed, or null. The data shown is the last good import. */
  error: string | null;
  /** Stored diagnostics of the last parse, by severity. */
  errorCount: number;
  warningCount: number;
  updatedAt: Date;
  syncedAt: Date | null;
  /** When an item's status last changed (any source), or null. */
  lastEventAt: Date | null;
  /** The plan's own `Last Updated` date (`YYYY-MM-DD`) as its document states it, or null. */
  lastUpdated: string | null;
  counts: StatusCounts;
}

/** How many stored diagnostics have this severity (counted in SQL: a plan may carry thousands). */
const diagnosticCount = (severity: 'error' | 'warning') =>
  sql<number>`(case when jsonb_typeof(${plans.diagnostics}) = 'array' then
    (select count(*)::int from jsonb_array_elements(${plans.diagnostics}) d where d->>'severity' = ${severity}) else 0 end)`;

/** Every plan with its counts, for `tickmark status` and the dashboard's index (three aggregate queries). */
export async function listPlans(db: Db): Promise<PlanSummary[]> {
  const [rows, counts, lastEvents] = await Promise.all([
    db
      .select({
        id: plans.id,
        slug: plans.slug,
        path: plans.path,
        title: plans.title,
        error: plans.error,
        errorCount: diagnosticCount('error'),
        warningCount: diagnosticCount('warning'),
        updatedAt: plans.updatedAt,
        syncedAt: syncState.syncedAt,
        lastUpdated: sql<string | null>`${plans.stated}->'lastUpdated'->>'date'`,
      })
      .from(plans)
      .leftJoin(syncState, eq(syncState.planId, plans.id))
      .orderBy(asc(plans.slug)),
    db
      .select({ planId: items.planId, ...countColumns })
      .from(items)
      .where(isNull(items.removedAt))
      .groupBy(items.planId),
    db
      .select({ planId: itemEvents.planId, at: max(itemEvents.at) })
      .from(itemEvents)
      .groupBy(itemEvents.planId),
  ]);
  const byPlan = new Map(counts.map((c) => [c.planId, c]));
  const lastBy = new Map(lastEvents.map((e) => [e.planId, e.at]));
  return rows.map((r) => ({
    ...r,
    errorCount: Number(r.errorCount),
    warningCount: Number(r.warningCount),
    lastEventAt: lastBy.get(r.id) ?? null,
    counts: finishCounts(byPlan.get(r.id)),
  }));
}

/** What every page of a plan needs: the plan row without its diagnostics and stated numbers (jsonb that can
 * run to megabytes on a large, messy plan; the overview reads them with `getPlanDiagnostics`). */
export type PlanHead = Pick<
  Plan,
  'id' | 'slug' | 'path' | 'title' | 'error' | 'startDate' | 'targetDate' | 'createdAt'
>;

const headColumns = {
  id: plans.id,
  slug: plans.slug,
  path: plans.path,
  title: plans.title,
  error: plans.error,
  startDate: plans.startDate,
  targetDate: plans.targetDate,
  createdAt: plans.createdAt,
};

export async function getPlanHeadBySlug(db: Db, slug: string): Promise<PlanHead | null> {
  const [row] = await db.select(headColumns).from(plans).where(eq(plans.slug, slug)).limit(1);
  return row ?? null;
}

/** Every tracked plan's head, by slug (the all-plans report). */
export async function listPlanHeads(db: Db): Promise<PlanHead[]> {
  return db.select(headColumns).from(plans).orderBy(asc(plans.slug));
}

/** The last parse's stored diagnostics and stated numbers (the overview's report on the document). */
export async function getPlanDiagnostics(db: Db, planId: number): Promise<Pick<Plan, 'diagnostics' | 'stated'>> {
  const [row] = await db
    .select({ diagnostics: plans.diagnostics, stated: plans.stated })
    .from(plans)
    .where(eq(plans.id, planId));
  return row ?? { diagnostics: [], stated: null };
}

export async function getPlanBySlug(db: Db, slug: string): Promise<Plan | null> {
  const [row] = await db.select().from(plans).where(eq(plans.slug, slug)).limit(1);
  return row ?? null;
}

export async function getPlanById(db: Db, id: number): Promise<Plan | null> {
  const [row] = await db.select().from(plans).where(eq(plans.id, id));
  return row ?? null;
}

/** The id and slug of the plan stored at `storedPath` (sync's stored form of a path), or null. */
export async function getPlanRefByPath(db: Db, storedPath: string): Promise<{ id: number; slug: string } | null> {
  const [row] = await db.select({ id: plans.id, slug: plans.slug }).from(plans).where(eq(plans.path, storedPath));
  return row ?? null;
}

/** Every plan's id and slug, by slug. */
export function listPlanSlugs(db: Db): Promise<{ id: number; slug: string }[]> {
  return db.select({ id: plans.id, slug: plans.slug }).from(plans).orderBy(plans.slug);
}

/** A plan by slug, else by stored path (what users type at the CLI). */
export async function findPlan(db: Db, slugOrPath: string): Promise<Plan | null> {
  const bySlug = await getPlanBySlug(db, slugOrPath);
  if (bySlug) return bySlug;
  const [byPath] = await db.select().from(plans).where(eq(plans.path, slugOrPath));
  return byPath ?? null;
}

export async function planCounts(db: Db, planId: number): Promise<StatusCounts> {
  const [raw] = await db
    .select(countColumns)
    .from(items)
    .where(and(eq(items.planId, planId), isNull(items.removedAt)));
  return finishCounts(raw);
}

/** Sets (or clears) the plan's start and target dates for the burndown's ideal line. */
export async function setPlanDates(
  db: Db,
  planId: number,
  dates: { startDate?: string | null; targetDate?: string | null },
): Promise<void> {
  const patch: Partial<typeof plans.$inferInsert> = {};
  if (dates.startDate !== undefined) patch.startDate = dates.startDate;
  if (dates.targetDate !== undefined) patch.targetDate = dates.targetDate;
  if (Object.keys(patch).length === 0) return;
  await db.update(plans).set(patch).where(eq(plans.id, planId));
}
