// The plan list with counted totals, and look-ups by slug.
import { asc, eq, isNull, and } from 'drizzle-orm';
import type { Db } from '../client';
import { items, plans, syncState, type Plan } from '../schema';
import { countColumns, finishCounts, type StatusCounts } from './counts';

export interface PlanSummary {
  id: number;
  slug: string;
  path: string;
  title: string | null;
  /** Why the last sync failed, or null. The data shown is the last good import. */
  error: string | null;
  updatedAt: Date;
  syncedAt: Date | null;
  counts: StatusCounts;
}

export async function listPlans(db: Db): Promise<PlanSummary[]> {
  const rows = await db
    .select({
      id: plans.id,
      slug: plans.slug,
      path: plans.path,
      title: plans.title,
      error: plans.error,
      updatedAt: plans.updatedAt,
      syncedAt: syncState.syncedAt,
    })
    .from(plans)
    .leftJoin(syncState, eq(syncState.planId, plans.id))
    .orderBy(asc(plans.slug));
  const counts = await db
    .select({ planId: items.planId, ...countColumns })
    .from(items)
    .where(isNull(items.removedAt))
    .groupBy(items.planId);
  const byPlan = new Map(counts.map((c) => [c.planId, c]));
  return rows.map((r) => ({ ...r, counts: finishCounts(byPlan.get(r.id)) }));
}

export async function getPlanBySlug(db: Db, slug: string): Promise<Plan | null> {
  const [row] = await db.select().from(plans).where(eq(plans.slug, slug));
  return row ?? null;
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
