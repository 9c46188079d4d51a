// A plan's or one item's history, oldest first: what `tickmark history` prints and the item page shows.
import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { itemEvents, items } from '../schema';

export interface HistoryRow {
  /** The item's ID (null when it has none). */
  id: string | null;
  key: string;
  from: string | null;
  to: string;
  /** ISO timestamp. */
  at: string;
  source: string;
  actor: string | null;
}

export async function planHistory(db: Db, planId: number, key?: string): Promise<HistoryRow[]> {
  const where: SQL[] = [eq(itemEvents.planId, planId)];
  if (key !== undefined) where.push(eq(items.key, key));
  const rows = await db
    .select({
      id: items.itemId,
      key: items.key,
      from: itemEvents.fromStatus,
      to: itemEvents.toStatus,
      at: itemEvents.at,
      source: itemEvents.source,
      actor: itemEvents.actor,
    })
    .from(itemEvents)
    .innerJoin(items, eq(items.id, itemEvents.itemId))
    .where(and(...where))
    .orderBy(asc(itemEvents.at), asc(itemEvents.id));
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
