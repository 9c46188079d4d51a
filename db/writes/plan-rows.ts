// The writes of an import (sync/apply-model.ts decides what changed; these write it): item rows and their
// events in bulk, phases, sections, progress-log rows, the plan's head and its sync state.
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { ANALYZE_AFTER_ROWS, insertChunked, insertJsonRows, refreshStatistics, updateJsonRows } from '../batch';
import { itemEvents, items, phases, plans, progressLogRows, sections, syncState, type Plan } from '../schema';
import { diagnosticDigest } from './diagnostic-digest';

type ItemInsert = typeof items.$inferInsert;

/** The item columns the document decides: a difference in one of them is a change (a new version). */
export const ITEM_DOCUMENT_KEYS = [
  'itemId',
  'prefix',
  'title',
  'description',
  'status',
  'optional',
  'phaseKey',
  'sectionKey',
  'parentKey',
  'doneDate',
] as const satisfies readonly (keyof ItemInsert)[];

/** What an import writes to an item row it inserts or changes: the document's columns, its place and upkeep. */
export const ITEM_CONTENT_KEYS = [
  ...ITEM_DOCUMENT_KEYS,
  'line',
  'position',
  'version',
  'removedAt',
  'updatedAt',
] as const satisfies readonly (keyof ItemInsert)[];

export type ItemContentRow = { [K in (typeof ITEM_CONTENT_KEYS)[number]]: ItemInsert[K] | null };
export type ItemEventRow = typeof itemEvents.$inferInsert;

/** New item rows; returns each one's id by key. */
export async function insertItemRows(
  tx: Db,
  rows: (ItemContentRow & { planId: number; key: string })[],
): Promise<Map<string, number>> {
  const back = await insertJsonRows(tx, items, ['planId', 'key', ...ITEM_CONTENT_KEYS], rows, ['id', 'key']);
  return new Map(back.map((r) => [r.key, Number(r.id)]));
}

export function updateItemContent(tx: Db, rows: (ItemContentRow & { id: number })[]): Promise<void> {
  return updateJsonRows(tx, items, ITEM_CONTENT_KEYS, rows);
}

/** Items that only moved: line and position, no version bump. */
export function moveItemRows(tx: Db, rows: { id: number; line: number; position: number }[]): Promise<void> {
  return updateJsonRows(tx, items, ['line', 'position'], rows);
}

export function markItemRowsRemoved(tx: Db, rows: { id: number; removedAt: Date; version: number }[]): Promise<void> {
  return updateJsonRows(tx, items, ['removedAt', 'version'], rows);
}

export async function insertItemEvents(tx: Db, events: ItemEventRow[]): Promise<void> {
  const keys = ['planId', 'itemId', 'fromStatus', 'toStatus', 'at', 'source', 'actor'] as const;
  await insertJsonRows(tx, itemEvents, keys, events);
}

/** After many new item or event rows: the planner's statistics (see refreshStatistics). */
export async function refreshGrownItemTables(tx: Db, itemRows: number, eventRows: number): Promise<void> {
  const grown = [
    ...(itemRows >= ANALYZE_AFTER_ROWS ? [items] : []),
    ...(eventRows >= ANALYZE_AFTER_ROWS ? [itemEvents] : []),
  ];
  if (grown.length) await refreshStatistics(tx, grown);
}

export type PhaseValues = Omit<typeof phases.$inferInsert, 'id' | 'planId' | 'key'>;

export function insertPhases(tx: Db, rows: (typeof phases.$inferInsert)[]): Promise<void> {
  return insertChunked(tx, phases, rows);
}

export async function updatePhase(tx: Db, id: number, values: Partial<PhaseValues>): Promise<void> {
  await tx.update(phases).set(values).where(eq(phases.id, id));
}

export type SectionValues = Omit<typeof sections.$inferInsert, 'id' | 'planId' | 'key'>;

export async function insertSections(
  tx: Db,
  rows: (typeof sections.$inferInsert & { position: number })[],
): Promise<void> {
  const keys = ['planId', 'key', 'phaseKey', 'number', 'title', 'position'] as const;
  await insertJsonRows(tx, sections, keys, rows);
}

export async function updateSection(tx: Db, id: number, values: Partial<SectionValues>): Promise<void> {
  await tx.update(sections).set(values).where(eq(sections.id, id));
}

export type LogRowValues = Pick<typeof progressLogRows.$inferInsert, 'week' | 'date' | 'itemsRaw' | 'ids' | 'notes'>;

/** The plan's progress-log rows replaced by `rows`, in order. */
export async function replaceLogRows(tx: Db, planId: number, rows: LogRowValues[]): Promise<void> {
  await tx.delete(progressLogRows).where(eq(progressLogRows.planId, planId));
  const keys = ['planId', 'week', 'date', 'itemsRaw', 'ids', 'notes', 'position'] as const;
  await insertJsonRows(
    tx,
    progressLogRows,
    keys,
    rows.map((r, position) => ({ planId, ...r, date: r.date ?? null, position })),
  );
}

export async function updatePlanHead(
  tx: Db,
  planId: number,
  values: Partial<Omit<Plan, 'id' | 'slug' | 'path'>>,
): Promise<void> {
  const digest = values.diagnostics && { diagnosticDigest: diagnosticDigest(values.diagnostics) };
  await tx
    .update(plans)
    .set({ ...values, ...digest })
    .where(eq(plans.id, planId));
}

/** Record the file's hash as synced (the watcher then ignores that content). */
export async function recordSyncState(
  tx: Db,
  planId: number,
  filePath: string,
  hash: string,
  size: number,
  now = new Date(),
): Promise<void> {
  await tx
    .insert(syncState)
    .values({ planId, path: filePath, contentHash: hash, size, syncedAt: now })
    .onConflictDoUpdate({ target: syncState.planId, set: { path: filePath, contentHash: hash, size, syncedAt: now } });
}
