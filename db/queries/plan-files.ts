// What the import side of sync (sync/import.ts) reads to tell which plan a file is and whether it changed.
import { eq, inArray, like, or } from 'drizzle-orm';
import type { Db } from '../client';
import { plans, syncState } from '../schema';

export interface TrackedPlanFile {
  id: number;
  slug: string;
  error: string | null;
  hash: string | null;
  file: string | null;
}

/** The plans stored under any of `storedPaths` (relative to the plans folder, or absolute), with their last
 * sync: one round trip for the absolute and the relative form of a file's path. */
export async function trackedPlansByPaths(
  db: Db,
  storedPaths: string[],
): Promise<(TrackedPlanFile & { path: string })[]> {
  return db
    .select({
      id: plans.id,
      slug: plans.slug,
      path: plans.path,
      error: plans.error,
      hash: syncState.contentHash,
      file: syncState.path,
    })
    .from(plans)
    .leftJoin(syncState, eq(syncState.planId, plans.id))
    .where(inArray(plans.path, storedPaths));
}

/** The plan's id and slug by its stored path, or undefined. */
export async function planIdByPath(db: Db, storedPath: string): Promise<{ id: number; slug: string } | undefined> {
  const [row] = await db.select({ id: plans.id, slug: plans.slug }).from(plans).where(eq(plans.path, storedPath));
  return row;
}

/** Every file a plan was last synced from (absolute paths). */
export async function syncedFiles(db: Db): Promise<string[]> {
  const rows = await db.select({ file: syncState.path }).from(syncState);
  return rows.map((r) => r.file);
}

/** The hash last imported (undefined when never) and the plan's import error flag. */
export async function importState(db: Db, planId: number): Promise<{ hash: string | undefined; error: string | null }> {
  const [row] = await db
    .select({ hash: syncState.contentHash, error: plans.error })
    .from(plans)
    .leftJoin(syncState, eq(syncState.planId, plans.id))
    .where(eq(plans.id, planId));
  return { hash: row.hash ?? undefined, error: row.error };
}

/** Slugs taken by `base` and its numbered variants (`base-2` …). */
export async function slugsLike(db: Db, base: string): Promise<Set<string>> {
  const rows = await db
    .select({ slug: plans.slug })
    .from(plans)
    .where(or(eq(plans.slug, base), like(plans.slug, `${base}-%`)));
  return new Set(rows.map((r) => r.slug));
}
