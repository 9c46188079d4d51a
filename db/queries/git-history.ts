// What a plan's history from git is read against (sync/git-history.ts decides what the commits say; its write
// is db/writes/git-history.ts).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { itemEvents, items, plans } from '../schema';

export interface GitHistoryContext {
  /** When Tickmark began tracking the plan: only commits from before it are history. */
  createdAt: Date;
  /** Every item row the plan has (removed ones too), by key. */
  itemIds: Map<string, number>;
  /** Items whose completion the progress log dates: the log's date wins over a commit's. */
  loggedItemIds: Set<number>;
}

/** null when no such plan. */
export async function gitHistoryContext(db: Db, planId: number): Promise<GitHistoryContext | null> {
  const [plan] = await db.select({ createdAt: plans.createdAt }).from(plans).where(eq(plans.id, planId));
  if (!plan) return null;
  const [rows, logged] = await Promise.all([
    db.select({ id: items.id, key: items.key }).from(items).where(eq(items.planId, planId)),
    db
      .selectDistinct({ itemId: itemEvents.itemId })
      .from(itemEvents)
      .where(and(eq(itemEvents.planId, planId), eq(itemEvents.source, 'log'))),
  ]);
  return {
    createdAt: plan.createdAt,
    itemIds: new Map(rows.map((r) => [r.key, r.id])),
    loggedItemIds: new Set(logged.map((r) => r.itemId)),
  };
}
