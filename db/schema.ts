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
import { sql } from 'drizzle-orm';
import { STATUSES } from '../parser/status-registry';

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
  /** Digest of what tells the diagnostics apart in their history, written with them (db/writes/diagnostic-digest.ts):
   * the history's trigger runs only when it changes (migration 0010). */
  diagnosticDigest: text('diagnostic_digest'),
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
    // The enum types the column (TypeScript only: no CHECK constraint, no migration).
    status: text('status', { enum: STATUSES }).notNull(),
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
    source: text('source').$type<'markdown' | 'ui' | 'cli' | 'log' | 'git'>().notNull(),
    actor: text('actor'),
    /** The note given with a dashboard or CLI tick (`--note`), as written into the progress log's Notes cell. */
    note: text('note'),
  },
  (t) => [index('item_events_plan_at').on(t.planId, t.at), index('item_events_item').on(t.itemId)],
);

/** One change written through the engine, with what undoes it: the inverse edits against the text it wrote
 * (checked by the hash before and after), and the changed items as they were. Undone changes stay, marked. */
export const changes = pgTable(
  'changes',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    /** The events the change recorded carry this exact time and source. */
    at: timestamp('at', { withTimezone: true }).notNull(),
    source: text('source').$type<'ui' | 'cli'>().notNull(),
    actor: text('actor'),
    /** What it did, in words (`CACHE-001 done → todo`). */
    summary: text('summary').notNull(),
    oldHash: text('old_hash').notNull(),
    newHash: text('new_hash').notNull(),
    /** Edits that turn the text the change wrote back into the text before it. */
    undo: jsonb('undo').$type<{ start: number; end: number; expect: string; text: string }[]>().notNull(),
    /** The items a status change touched, as they were before it (and the status it set). */
    items: jsonb('items')
      .$type<{ key: string; status: string; to: string; doneDate: string | null }[]>()
      .notNull()
      .default([]),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    /** Who undid it (the actor the server established), and from where: the activity feed credits undos too. */
    undoneBy: text('undone_by'),
    undoneSource: text('undone_source').$type<'ui' | 'cli'>(),
    /** The role the change needed (a tick: contributor; structure or dates: lead); undoing it needs the same. */
    role: text('role').$type<'contributor' | 'lead'>().notNull().default('contributor'),
  },
  (t) => [
    index('changes_plan').on(t.planId, t.id),
    // The latest change not undone, read by a completion and by undo: this index walked backwards stops at one row;
    // without it the planner, with no statistics (PGlite has no autovacuum), read all the plan's changes (068).
    index('changes_plan_live')
      .on(t.planId, t.id)
      .where(sql`${t.undoneAt} IS NULL`),
  ],
);

/** When each of a plan's diagnostics appeared and settled: written by a trigger on `plans.diagnostics` (migration
 * 0006), so every writer of the column is covered. A diagnostic is the same one while its code and message
 * (line numbers in it aside) stay the same. */
export const diagnosticEvents = pgTable(
  'diagnostic_events',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    /** The plan's `updated_at` of the write that changed its diagnostics. */
    at: timestamp('at', { withTimezone: true }).notNull(),
    change: text('change').$type<'appeared' | 'settled'>().notNull(),
    severity: text('severity').notNull(),
    code: text('code').notNull(),
    message: text('message').notNull(),
    line: integer('line'),
  },
  (t) => [index('diagnostic_events_plan_at').on(t.planId, t.at)],
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
  // A tick rewrites one row by its position: found in the index, not by reading every row of the plan's log
  // (a 10,000-item plan's has a thousand).
  (t) => [index('progress_log_rows_plan_position').on(t.planId, t.position)],
);

/** Source documents (gap analyses): topic tables, not plans (parser/lib/sources). */
export const sources = pgTable('sources', {
  id: serial('id').primaryKey(),
  /** Path as stored for plans (relative to PLANS_DIR when inside it). */
  path: text('path').notNull().unique(),
  title: text('title'),
  contentHash: text('content_hash').notNull(),
  diagnostics: jsonb('diagnostics').$type<unknown[]>().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sourceTopics = pgTable(
  'source_topics',
  {
    id: serial('id').primaryKey(),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
    category: text('category').notNull(),
    topic: text('topic').notNull(),
    status: text('status').notNull(),
    priority: text('priority'),
    description: text('description').notNull(),
  },
  (t) => [index('source_topics_source').on(t.sourceId)],
);

/** Which source topics a plan item covers, as last computed (plan's Source Coverage table, else by title). */
export const coverageLinks = pgTable(
  'coverage_links',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    itemId: text('item_id').notNull(),
    sourceFile: text('source_file').notNull(),
    topic: text('topic').notNull(),
    line: integer('line').notNull(),
    /** 'stored' (the plan's table says so) or 'title' (found by title, unconfirmed). */
    found: text('found').notNull(),
  },
  (t) => [index('coverage_links_plan').on(t.planId)],
);

export type Plan = typeof plans.$inferSelect;
export type SyncState = typeof syncState.$inferSelect;
export type PhaseRow = typeof phases.$inferSelect;
export type SectionRow = typeof sections.$inferSelect;
export type ItemRow = typeof items.$inferSelect;
export type ItemEvent = typeof itemEvents.$inferSelect;
export type ProgressLogRow = typeof progressLogRows.$inferSelect;
export type SourceRow = typeof sources.$inferSelect;
export type SourceTopicRow = typeof sourceTopics.$inferSelect;
export type CoverageLinkRow = typeof coverageLinks.$inferSelect;

/** Roles, weakest first: each role may do everything the ones before it may (docs/decisions/026). */
export const ROLES = ['viewer', 'contributor', 'lead'] as const;
export type Role = (typeof ROLES)[number];

/** People who sign in. The password is kept only as an scrypt hash (`scrypt$N$r$p$salt$hash`). */
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  role: text('role').$type<Role>().notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A user's role on one plan, replacing their global role there. */
export const planRoles = pgTable(
  'plan_roles',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
  },
  (t) => [uniqueIndex('plan_roles_user_plan').on(t.userId, t.planId)],
);

/** Signed-in browsers. Only the sha256 of the cookie's value is kept; `csrf` is the session's form token. */
export const sessions = pgTable(
  'sessions',
  {
    id: serial('id').primaryKey(),
    idHash: text('id_hash').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrf: text('csrf').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Bearer tokens for the CLI and scripts: shown once, kept as their sha256, revocable. */
export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  role: text('role').$type<Role>().notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
