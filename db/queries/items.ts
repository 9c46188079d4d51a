// Items with filters and pagination; one item with its event history.
import { and, asc, count, desc, eq, ilike, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { itemEvents, items, type ItemEvent, type ItemRow } from '../schema';

export type ItemStatus = ItemRow['status'];

export interface ItemFilter {
  planId?: number;
  /** ID prefix, case-insensitive (`CACHE`). */
  prefix?: string;
  status?: ItemStatus | ItemStatus[];
  phaseKey?: string;
  sectionKey?: string;
  /** Substring of the ID, title or description. */
  search?: string;
  includeRemoved?: boolean;
  limit?: number;
  offset?: number;
}

export interface ItemPage {
  items: ItemRow[];
  /** Matching items before pagination. */
  total: number;
  limit: number;
  offset: number;
}

export function itemConditions(f: ItemFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  if (f.planId !== undefined) conds.push(eq(items.planId, f.planId));
  if (!f.includeRemoved) conds.push(isNull(items.removedAt));
  if (f.prefix) conds.push(eq(items.prefix, f.prefix.toUpperCase()));
  if (f.status !== undefined) conds.push(Array.isArray(f.status) ? inArray(items.status, f.status) : eq(items.status, f.status));
  if (f.phaseKey !== undefined) conds.push(eq(items.phaseKey, f.phaseKey));
  if (f.sectionKey !== undefined) conds.push(eq(items.sectionKey, f.sectionKey));
  if (f.search) {
    const pattern = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(items.itemId, pattern), ilike(items.title, pattern), ilike(items.description, pattern)));
  }
  return and(...conds);
}

export async function listItems(db: Db, f: ItemFilter = {}): Promise<ItemPage> {
  const limit = Math.max(1, Math.min(f.limit ?? 100, 10_000));
  const offset = Math.max(0, f.offset ?? 0);
  const where = itemConditions(f);
  const rows = await db
    .select()
    .from(items)
    .where(where)
    .orderBy(asc(items.planId), asc(items.position))
    .limit(limit)
    .offset(offset);
  const [{ n }] = await db.select({ n: count() }).from(items).where(where);
  return { items: rows, total: n, limit, offset };
}

export interface ItemWithHistory {
  item: ItemRow;
  /** Newest first. */
  events: ItemEvent[];
}

export async function getItemWithHistory(db: Db, planId: number, key: string): Promise<ItemWithHistory | null> {
  const [item] = await db
    .select()
    .from(items)
    .where(and(eq(items.planId, planId), eq(items.key, key)));
  if (!item) return null;
  const events = await db
    .select()
    .from(itemEvents)
    .where(eq(itemEvents.itemId, item.id))
    .orderBy(desc(itemEvents.at), desc(itemEvents.id));
  return { item, events };
}
