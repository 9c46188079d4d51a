// Items with filters and pagination (filtered and paged in SQL, in document order); one item with its history.
import { and, asc, count, desc, eq, ilike, inArray, isNull, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { itemEvents, items, phases, sections, type ItemEvent, type ItemRow } from '../schema';

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
  if (f.status !== undefined)
    conds.push(Array.isArray(f.status) ? inArray(items.status, f.status) : eq(items.status, f.status));
  if (f.phaseKey !== undefined) conds.push(eq(items.phaseKey, f.phaseKey));
  if (f.sectionKey !== undefined) conds.push(eq(items.sectionKey, f.sectionKey));
  if (f.search) {
    const pattern = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(items.itemId, pattern), ilike(items.title, pattern), ilike(items.description, pattern)));
  }
  return and(...conds);
}

/** How many items match (pagination left aside). */
export async function countItems(db: Db, f: ItemFilter): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(items).where(itemConditions(f));
  return Number(n);
}

export interface ListOptions {
  /** Wraps the count, e.g. to memoize it per plan (it only changes with the plan; the rows are read fresh). */
  countWith?: (count: () => Promise<number>) => Promise<number>;
}

function pageBounds(f: ItemFilter): { limit: number; offset: number } {
  return { limit: Math.max(1, Math.min(f.limit ?? 100, 10_000)), offset: Math.max(0, f.offset ?? 0) };
}

/** One page of matching items in document order (walks the (plan, position) index and stops after the page). */
export async function listItems(db: Db, f: ItemFilter = {}, opts: ListOptions = {}): Promise<ItemPage> {
  const { limit, offset } = pageBounds(f);
  const count = () => countItems(db, f);
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(items)
      .where(itemConditions(f))
      .orderBy(asc(items.planId), asc(items.position))
      .limit(limit)
      .offset(offset),
    opts.countWith ? opts.countWith(count) : count(),
  ]);
  return { items: rows, total, limit, offset };
}

/** What a row of the dashboard's item list shows; the description cut to its first `descriptionChars` + 1. */
export interface ItemSummary {
  key: string;
  itemId: string | null;
  title: string;
  status: ItemStatus;
  optional: boolean;
  sectionKey: string | null;
  /** The item it is nested under (null: top level). */
  parentKey: string | null;
  version: number;
  description: string;
}

/** listItems for a list page: only the columns a row shows (long descriptions stay in the database). */
export async function listItemSummaries(
  db: Db,
  f: ItemFilter,
  opts: ListOptions & { descriptionChars: number },
): Promise<{ items: ItemSummary[]; total: number }> {
  const { limit, offset } = pageBounds(f);
  const count = () => countItems(db, f);
  const [rows, total] = await Promise.all([
    db
      .select({
        key: items.key,
        itemId: items.itemId,
        title: items.title,
        status: items.status,
        optional: items.optional,
        sectionKey: items.sectionKey,
        parentKey: items.parentKey,
        version: items.version,
        description: sql<string>`left(${items.description}, ${Math.max(0, opts.descriptionChars) + 1})`,
      })
      .from(items)
      .where(itemConditions(f))
      .orderBy(asc(items.planId), asc(items.position))
      .limit(limit)
      .offset(offset),
    opts.countWith ? opts.countWith(count) : count(),
  ]);
  return { items: rows, total };
}

/** The ID prefixes (categories) of a plan with their item counts, for the filter menu. */
export async function listPrefixes(db: Db, planId: number): Promise<{ prefix: string; n: number }[]> {
  const rows = await db
    .select({ prefix: items.prefix, n: count() })
    .from(items)
    .where(and(eq(items.planId, planId), isNull(items.removedAt), isNotNull(items.prefix)))
    .groupBy(items.prefix)
    .orderBy(asc(items.prefix));
  return rows.map((r) => ({ prefix: r.prefix!, n: Number(r.n) }));
}

export interface ItemWithHistory {
  item: ItemRow;
  /** Newest first. */
  events: ItemEvent[];
  phase: { key: string; number: number | null; name: string } | null;
  section: { key: string; number: string | null; title: string } | null;
}

export async function getItemWithHistory(db: Db, planId: number, key: string): Promise<ItemWithHistory | null> {
  const [found] = await db
    .select({
      item: items,
      phase: { key: phases.key, number: phases.number, name: phases.name },
      section: { key: sections.key, number: sections.number, title: sections.title },
    })
    .from(items)
    .leftJoin(phases, and(eq(phases.planId, items.planId), eq(phases.key, items.phaseKey)))
    .leftJoin(sections, and(eq(sections.planId, items.planId), eq(sections.key, items.sectionKey)))
    .where(and(eq(items.planId, planId), eq(items.key, key)))
    .limit(1);
  if (!found) return null;
  const events = await db
    .select()
    .from(itemEvents)
    .where(eq(itemEvents.itemId, found.item.id))
    .orderBy(desc(itemEvents.at), desc(itemEvents.id));
  return { ...found, events };
}

/** What the dashboard's structure forms need: every item the plan ever had (removed ones keep their IDs
 * retired), in document order, with where it sits — no text, which a 10,000-item plan would carry for nothing. */
export async function itemPlaces(db: Db, planId: number) {
  return db
    .select({
      key: items.key,
      itemId: items.itemId,
      sectionKey: items.sectionKey,
      phaseKey: items.phaseKey,
      parentKey: items.parentKey,
      removed: isNotNull(items.removedAt),
    })
    .from(items)
    .where(eq(items.planId, planId))
    .orderBy(asc(items.position));
}
