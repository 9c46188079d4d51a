// The database schema: one module, inferred row types beside their tables.
// Items are never deleted: an item gone from the document is marked `removed_at` and keeps its history.
import {
  pgTable,
  serial,
  integer,
  text,
  timestamp,
  date,
  boolean,
  jsonb,
  uniqueIndex,
  index,
} from 'drizzle-orm/pg-core';

export const plans = pgTable('plans', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  /** Path relative to PLANS_DIR (or absolute when tracked from elsewhere). */
  path: text('path').notNull().unique(),
  title: text('title'),
  /** Plan start and target dates for the burndown's ideal line. */
  startDate: date('start_date'),
  targetDate: date('target_date'),
  /** Last parse's diagnostics and stated numbers, for the overview. */
  diagnostics: jsonb('diagnostics').$type<unknown[]>().notNull().default([]),
  stated: jsonb('stated').$type<unknown>(),
  /** Why the last sync failed (file vanished, unreadable, not UTF-8), or null when healthy. */
  error: text('error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const syncState = pgTable('sync_state', {
  planId: integer('plan_id')
    .primaryKey()
    .references(() => plans.id, { onDelete: 'cascade' }),
  path: text('path').notNull(),
  /** sha256 of the file bytes last imported from or written to disk. */
  contentHash: text('content_hash').notNull(),
  size: integer('size').notNull(),
  syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
});

export const phases = pgTable(
  'phases',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    number: integer('number'),
    name: text('name').notNull(),
    priority: text('priority'),
    statedCount: integer('stated_count'),
    /** Trailing status marker of the heading, such as `✅ COMPLETE`. */
    statusMarker: text('status_marker'),
    position: integer('position').notNull(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('phases_plan_key').on(t.planId, t.key)],
);

export const sections = pgTable(
  'sections',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    phaseKey: text('phase_key'),
    number: text('number'),
    title: text('title').notNull(),
    position: integer('position').notNull(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('sections_plan_key').on(t.planId, t.key)],
);

export const items = pgTable(
  'items',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    /** Stable key from the parser: the item's ID, or a key derived from section and text. */
    key: text('key').notNull(),
    itemId: text('item_id'),
    /** The ID's prefix (`CACHE` of `CACHE-001`), for category filters. */
    prefix: text('prefix'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: text('status').$type<'todo' | 'in-progress' | 'done' | 'cancelled'>().notNull(),
    optional: boolean('optional').notNull().default(false),
    phaseKey: text('phase_key'),
    sectionKey: text('section_key'),
    parentKey: text('parent_key'),
    line: integer('line').notNull(),
    position: integer('position').notNull(),
    doneDate: date('done_date'),
    /** Bumped on every change; a write carrying an older expectedVersion is a conflict. */
    version: integer('version').notNull().default(1),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('items_plan_key').on(t.planId, t.key),
    index('items_plan_status').on(t.planId, t.status),
    index('items_plan_position').on(t.planId, t.position),
  ],
);

export const itemEvents = pgTable(
  'item_events',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    /** null for an item's first appearance. `removed`/`restored` mark scope changes. */
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    source: text('source').$type<'markdown' | 'ui' | 'cli' | 'log'>().notNull(),
    actor: text('actor'),
  },
  (t) => [index('item_events_plan_at').on(t.planId, t.at), index('item_events_item').on(t.itemId)],
);

export const progressLogRows = pgTable(
  'progress_log_rows',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    week: text('week').notNull(),
    date: date('date'),
    itemsRaw: text('items_raw').notNull(),
    ids: jsonb('ids').$type<string[]>().notNull(),
    notes: text('notes').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [index('progress_log_rows_plan').on(t.planId)],
);

export type Plan = typeof plans.$inferSelect;
export type SyncState = typeof syncState.$inferSelect;
export type PhaseRow = typeof phases.$inferSelect;
export type SectionRow = typeof sections.$inferSelect;
export type ItemRow = typeof items.$inferSelect;
export type ItemEvent = typeof itemEvents.$inferSelect;
export type ProgressLogRow = typeof progressLogRows.$inferSelect;
