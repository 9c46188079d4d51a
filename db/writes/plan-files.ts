// The import side's own writes: a new plan's row and the flag saying why its file could not be imported.
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { plans } from '../schema';

/** Inserts a plan row; null when a plan with this stored path already exists (another process was first). */
export async function insertPlanRow(
  db: Db,
  row: { slug: string; path: string; title: string | null; now: Date },
): Promise<{ id: number; slug: string } | null> {
  const [inserted] = await db
    .insert(plans)
    .values({ slug: row.slug, path: row.path, title: row.title, createdAt: row.now, updatedAt: row.now })
    .onConflictDoNothing({ target: plans.path })
    .returning({ id: plans.id, slug: plans.slug });
  return inserted ?? null;
}

export async function setPlanError(db: Db, planId: number, reason: string | null): Promise<void> {
  await db.update(plans).set({ error: reason }).where(eq(plans.id, planId));
}
