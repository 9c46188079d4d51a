// The write of a plan's history from git (sync/git-history.ts decides what the commits say): the rows of items
// removed before the first import, and the plan's git events, replaced as a whole.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { itemEvents, items } from '../schema';
import { lockPlan } from '../plan-lock';

/** An item row for an item the commits show but the plan no longer holds (removed before the first import). */
export type GoneItemRow = Omit<typeof items.$inferInsert, 'id' | 'planId' | 'version' | 'updatedAt'> & {
  key: string;
  removedAt: Date;
};

/** One event from a commit, naming its item by key. */
export interface GitEventRow {
  key: string;
  fromStatus: string | null;
  toStatus: string;
  at: Date;
  actor: string;
}

/**
 * In one transaction: adds the rows of items removed before the first import (a key that has a row keeps it),
 * then replaces the plan's git events with `events`; an event whose key has no row is dropped. Returns how
 * many events were recorded and how many rows were added.
 */
export async function replaceGitHistory(
  db: Db,
  planId: number,
  gone: GoneItemRow[],
  events: GitEventRow[],
): Promise<{ events: number; addedItems: number }> {
  return db.transaction(async (tx) => {
    // Item rows are written under the plan's lock like every other writer's (the dashboard may be importing
    // or writing back this plan meanwhile).
    await lockPlan(tx, planId);
    let addedItems = 0;
    for (let i = 0; i < gone.length; i += 1000) {
      const added = await tx
        .insert(items)
        .values(gone.slice(i, i + 1000).map((g) => ({ ...g, planId })))
        .onConflictDoNothing({ target: [items.planId, items.key] })
        .returning({ id: items.id });
      addedItems += added.length;
    }
    const keys = [...new Set(events.map((e) => e.key))];
    const idOf = new Map<string, number>();
    for (let i = 0; i < keys.length; i += 5000) {
      const rows = await tx
        .select({ id: items.id, key: items.key })
        .from(items)
        .where(and(eq(items.planId, planId), inArray(items.key, keys.slice(i, i + 5000))));
      for (const r of rows) idOf.set(r.key, r.id);
    }
    const values = events.flatMap(({ key, ...e }) => {
      const itemId = idOf.get(key);
      return itemId === undefined ? [] : [{ ...e, planId, itemId, source: 'git' as const }];
    });
    await tx.delete(itemEvents).where(and(eq(itemEvents.planId, planId), eq(itemEvents.source, 'git')));
    for (let i = 0; i < values.length; i += 5000) await tx.insert(itemEvents).values(values.slice(i, i + 5000));
    return { events: values.length, addedItems };
  });
}
