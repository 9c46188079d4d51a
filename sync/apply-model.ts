// The core of import: bring one plan's rows in line with a parsed model, writing only what differs.
// Runs inside the caller's transaction (import's own, or the write-back engine's while it holds the plan lock).
import { asc, eq } from 'drizzle-orm';
import type { PlanModel } from '../parser/index';
import type { Db } from '../db/client';
import {
  ANALYZE_AFTER_ROWS,
  insertChunked,
  insertJsonRows,
  refreshStatistics,
  updateJsonRows,
  type BulkColumn,
} from '../db/batch';
import { items, phases, plans, progressLogRows, sections, syncState, type itemEvents } from '../db/schema';
import { sameJson } from './same-json';
import { itemFields, planDates, sameContent, statedNumbers, storedDiagnostics, type ItemFields } from './rows';

export type EventSource = 'markdown' | 'ui' | 'cli' | 'log';

export interface ApplyOptions {
  /** Time stamped on events and rows; default now. */
  now?: Date;
  /** Source recorded on status events; default 'markdown'. */
  source?: Exclude<EventSource, 'log'>;
  actor?: string | null;
  /** First import of a plan: items get no "appeared" events; done items with a known completion date get one
   * backdated 'log' event each (todo → done at that date), so a burndown exists from day one. */
  firstImport?: boolean;
  /** Progress of long imports: rows written so far out of the rows to write. */
  onProgress?: (written: number, total: number) => void;
  /** The plan's item rows as this process last wrote them (sync/item-rows-memo.ts), when they are known to be
   * what the database holds: the diff then reads none of them back, and only changed rows are written. */
  knownRows?: PlanRowsSnapshot;
}

/** An item row as the import diffs it. */
export type StoredItem = ItemFields & {
  id: number;
  line: number;
  position: number;
  version: number;
  removedAt: Date | string | null;
};
/** Every item row of one plan by key (removed ones included), and what its phases, sections and log rows were
 * written from (structureSignatures). */
export interface PlanRowsSnapshot {
  items: ReadonlyMap<string, StoredItem>;
  structure: StructureSignatures;
}
export interface StructureSignatures {
  phases: string;
  sections: string;
  log: string;
}

/** The parts of a model that phases, sections and log rows are written from, as comparable strings. */
export function structureSignatures(model: PlanModel): StructureSignatures {
  return {
    phases: JSON.stringify(
      model.phases.map((p) => [p.key, p.number, p.name, p.priority, p.statedCount, p.statusMarker]),
    ),
    sections: JSON.stringify(model.sections.map((s) => [s.key, s.phaseKey, s.number, s.title])),
    log: JSON.stringify(logRows(model)),
  };
}

export interface ApplyResult {
  inserted: number;
  /** Items whose content (status, text, placement) changed: version bumped. */
  updated: number;
  /** Items that only moved (line/position): updated without a version bump. */
  moved: number;
  removed: number;
  restored: number;
  events: number;
  /** Keys of items inserted, updated, removed or restored. */
  changedKeys: string[];
  /** Whether anything at all was written. */
  wrote: boolean;
  /** The plan's rows as written (valid once the transaction commits). */
  rows?: PlanRowsSnapshot;
}

type EventRow = typeof itemEvents.$inferInsert;

/** Noon UTC keeps a backdated event on its calendar day in every timezone from UTC−11 to UTC+11. */
export function dayToTimestamp(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

export async function applyPlanModel(
  tx: Db,
  planId: number,
  model: PlanModel,
  opts: ApplyOptions = {},
): Promise<ApplyResult> {
  const now = opts.now ?? new Date();
  const source = opts.source ?? 'markdown';
  const actor = opts.actor ?? null;
  const result: ApplyResult = {
    inserted: 0,
    updated: 0,
    moved: 0,
    removed: 0,
    restored: 0,
    events: 0,
    changedKeys: [],
    wrote: false,
  };

  const known = opts.knownRows;
  const existing: StoredItem[] = known ? [...known.items.values()] : await readItemRows(tx, planId);
  const byKey: ReadonlyMap<string, StoredItem> = known?.items ?? new Map(existing.map((r) => [r.key, r]));
  // The rows after this import, built as the diff goes (unchanged rows are the same objects).
  const after = new Map<string, StoredItem>();
  const pendingInsert: { key: string; row: Omit<StoredItem, 'id'> }[] = [];

  const toInsert: Record<string, unknown>[] = [];
  const insertedEvents: { key: string; event: Omit<EventRow, 'itemId'> }[] = [];
  const contentUpdates: Record<string, unknown>[] = [];
  const moves: Record<string, unknown>[] = [];
  const events: EventRow[] = [];
  const seen = new Set<string>();

  model.items.forEach((item, position) => {
    const fields = itemFields(item);
    seen.add(fields.key);
    const old = byKey.get(fields.key);
    if (!old) {
      toInsert.push({ ...contentRow(fields, item.line, position, 1, now), plan_id: planId, key: fields.key });
      pendingInsert.push({
        key: fields.key,
        row: { ...fields, line: item.line, position, version: 1, removedAt: null },
      });
      result.changedKeys.push(fields.key);
      if (opts.firstImport) {
        if (fields.status === 'done' && fields.doneDate) {
          insertedEvents.push({
            key: fields.key,
            event: {
              planId,
              fromStatus: 'todo',
              toStatus: 'done',
              at: dayToTimestamp(fields.doneDate),
              source: 'log',
              actor: null,
            },
          });
        }
      } else {
        insertedEvents.push({
          key: fields.key,
          event: { planId, fromStatus: null, toStatus: fields.status, at: now, source, actor },
        });
      }
      return;
    }
    const wasRemoved = old.removedAt !== null;
    const oldFields: ItemFields = { ...old, status: old.status };
    if (wasRemoved || !sameContent(oldFields, fields)) {
      contentUpdates.push({ ...contentRow(fields, item.line, position, old.version + 1, now), id: old.id });
      after.set(fields.key, {
        ...fields,
        id: old.id,
        line: item.line,
        position,
        version: old.version + 1,
        removedAt: null,
      });
      result.changedKeys.push(fields.key);
      if (wasRemoved) {
        result.restored++;
        events.push({ planId, itemId: old.id, fromStatus: 'removed', toStatus: fields.status, at: now, source, actor });
      } else {
        result.updated++;
        if (old.status !== fields.status) {
          events.push({
            planId,
            itemId: old.id,
            fromStatus: old.status,
            toStatus: fields.status,
            at: now,
            source,
            actor,
          });
        }
      }
    } else if (old.line !== item.line || old.position !== position) {
      moves.push({ id: old.id, line: item.line, position });
      after.set(fields.key, { ...old, line: item.line, position });
    } else after.set(fields.key, old);
  });

  const removals: Record<string, unknown>[] = [];
  for (const old of existing) {
    if (seen.has(old.key)) continue;
    if (old.removedAt !== null) {
      after.set(old.key, old);
      continue;
    }
    after.set(old.key, { ...old, removedAt: now, version: old.version + 1 });
    removals.push({ id: old.id, removed_at: now.toISOString(), version: old.version + 1 });
    events.push({ planId, itemId: old.id, fromStatus: old.status, toStatus: 'removed', at: now, source, actor });
    result.changedKeys.push(old.key);
  }
  result.removed = removals.length;
  result.moved = moves.length;

  const total =
    toInsert.length + contentUpdates.length + moves.length + removals.length + events.length + insertedEvents.length;
  let written = 0;
  const progress = (n: number) => {
    written += n;
    opts.onProgress?.(written, total);
  };

  // New items, returning their ids for the events that belong to them.
  if (toInsert.length) {
    const rows = await insertJsonRows<{ id: number; key: string }>(
      tx,
      'items',
      [PLAN_ID, KEY, ...CONTENT_COLUMNS],
      toInsert,
      ['id', 'key'],
    );
    const idByKey = new Map(rows.map((r) => [r.key, Number(r.id)]));
    for (const { key, row } of pendingInsert) after.set(key, { ...row, id: idByKey.get(key)! });
    progress(toInsert.length);
    result.inserted = toInsert.length;
    for (const { key, event } of insertedEvents) events.push({ ...event, itemId: idByKey.get(key)! });
  }
  await updateJsonRows(tx, 'items', CONTENT_COLUMNS, contentUpdates);
  progress(contentUpdates.length);
  await updateJsonRows(tx, 'items', [LINE, POSITION], moves);
  progress(moves.length);
  await updateJsonRows(tx, 'items', [REMOVED_AT, VERSION], removals);
  progress(removals.length);
  if (events.length) {
    await insertJsonRows(tx, 'item_events', EVENT_COLUMNS, events.map(eventRow));
    progress(events.length);
  }
  result.events = events.length;
  const grown = [
    ...(toInsert.length + removals.length >= ANALYZE_AFTER_ROWS ? ['items'] : []),
    ...(events.length >= ANALYZE_AFTER_ROWS ? ['item_events'] : []),
  ];
  if (grown.length) await refreshStatistics(tx, grown);

  // Phases, sections and log rows written from the same parts of the model as last time are left alone unread.
  const structure = structureSignatures(model);
  const structureChanged =
    (known?.structure.phases === structure.phases ? 0 : await applyPhases(tx, planId, model, now)) |
    (known?.structure.sections === structure.sections ? 0 : await applySections(tx, planId, model, now)) |
    (known?.structure.log === structure.log ? 0 : await applyLog(tx, planId, model));
  result.wrote = total > 0 || structureChanged > 0;
  result.rows = { items: after, structure };
  return result;
}

/** Every item row of a plan, removed ones included: what a diff starts from when nothing is remembered. */
async function readItemRows(tx: Db, planId: number): Promise<StoredItem[]> {
  return tx
    .select({
      id: items.id,
      key: items.key,
      itemId: items.itemId,
      prefix: items.prefix,
      title: items.title,
      description: items.description,
      status: items.status,
      optional: items.optional,
      phaseKey: items.phaseKey,
      sectionKey: items.sectionKey,
      parentKey: items.parentKey,
      doneDate: items.doneDate,
      line: items.line,
      position: items.position,
      version: items.version,
      removedAt: items.removedAt,
    })
    .from(items)
    .where(eq(items.planId, planId));
}

const PLAN_ID: BulkColumn = { name: 'plan_id', type: 'int' };
const KEY: BulkColumn = { name: 'key', type: 'text' };
const LINE: BulkColumn = { name: 'line', type: 'int' };
const POSITION: BulkColumn = { name: 'position', type: 'int' };
const VERSION: BulkColumn = { name: 'version', type: 'int' };
const REMOVED_AT: BulkColumn = { name: 'removed_at', type: 'timestamptz' };

const CONTENT_COLUMNS: BulkColumn[] = [
  { name: 'item_id', type: 'text' },
  { name: 'prefix', type: 'text' },
  { name: 'title', type: 'text' },
  { name: 'description', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'optional', type: 'boolean' },
  { name: 'phase_key', type: 'text' },
  { name: 'section_key', type: 'text' },
  { name: 'parent_key', type: 'text' },
  { name: 'done_date', type: 'date' },
  LINE,
  POSITION,
  VERSION,
  REMOVED_AT,
  { name: 'updated_at', type: 'timestamptz' },
];

function contentRow(
  f: ItemFields,
  line: number,
  position: number,
  version: number,
  now: Date,
): Record<string, unknown> {
  return {
    item_id: f.itemId,
    prefix: f.prefix,
    title: f.title,
    description: f.description,
    status: f.status,
    optional: f.optional,
    phase_key: f.phaseKey,
    section_key: f.sectionKey,
    parent_key: f.parentKey,
    done_date: f.doneDate,
    line,
    position,
    version,
    removed_at: null,
    updated_at: now.toISOString(),
  };
}

const EVENT_COLUMNS: BulkColumn[] = [
  PLAN_ID,
  { name: 'item_id', type: 'int' },
  { name: 'from_status', type: 'text' },
  { name: 'to_status', type: 'text' },
  { name: 'at', type: 'timestamptz' },
  { name: 'source', type: 'text' },
  { name: 'actor', type: 'text' },
];

function eventRow(e: EventRow): Record<string, unknown> {
  return {
    plan_id: e.planId,
    item_id: e.itemId,
    from_status: e.fromStatus ?? null,
    to_status: e.toStatus,
    at: e.at.toISOString(),
    source: e.source,
    actor: e.actor ?? null,
  };
}

/** Upsert phases by key; phases gone from the document are marked removed. Returns 1 when anything was written. */
async function applyPhases(tx: Db, planId: number, model: PlanModel, now: Date): Promise<number> {
  const old = await tx.select().from(phases).where(eq(phases.planId, planId));
  const byKey = new Map(old.map((p) => [p.key, p]));
  let wrote = 0;
  const seen = new Set<string>();
  const fresh: (typeof phases.$inferInsert)[] = [];
  for (const [position, p] of model.phases.entries()) {
    seen.add(p.key);
    const want = {
      number: p.number,
      name: p.name,
      priority: p.priority,
      statedCount: p.statedCount,
      statusMarker: p.statusMarker,
      position,
      removedAt: null,
    };
    const cur = byKey.get(p.key);
    if (!cur) fresh.push({ planId, key: p.key, ...want });
    else if (differs(cur, want)) {
      await tx.update(phases).set(want).where(eq(phases.id, cur.id));
      wrote = 1;
    }
  }
  if (fresh.length) {
    await insertChunked(tx, phases, fresh);
    wrote = 1;
  }
  for (const cur of old) {
    if (!seen.has(cur.key) && cur.removedAt === null) {
      await tx.update(phases).set({ removedAt: now }).where(eq(phases.id, cur.id));
      wrote = 1;
    }
  }
  return wrote;
}

async function applySections(tx: Db, planId: number, model: PlanModel, now: Date): Promise<number> {
  const old = await tx.select().from(sections).where(eq(sections.planId, planId));
  const byKey = new Map(old.map((s) => [s.key, s]));
  let wrote = 0;
  const seen = new Set<string>();
  const fresh: Record<string, unknown>[] = [];
  for (const [position, s] of model.sections.entries()) {
    seen.add(s.key);
    const want = { phaseKey: s.phaseKey, number: s.number, title: s.title, position, removedAt: null };
    const cur = byKey.get(s.key);
    if (!cur)
      fresh.push({ plan_id: planId, key: s.key, phase_key: s.phaseKey, number: s.number, title: s.title, position });
    else if (differs(cur, want)) {
      await tx.update(sections).set(want).where(eq(sections.id, cur.id));
      wrote = 1;
    }
  }
  if (fresh.length) {
    const text = (name: string): BulkColumn => ({ name, type: 'text' });
    await insertJsonRows(
      tx,
      'sections',
      [PLAN_ID, KEY, text('phase_key'), text('number'), text('title'), POSITION],
      fresh,
    );
    wrote = 1;
  }
  for (const cur of old) {
    if (!seen.has(cur.key) && cur.removedAt === null) {
      await tx.update(sections).set({ removedAt: now }).where(eq(sections.id, cur.id));
      wrote = 1;
    }
  }
  return wrote;
}

/** Progress-log rows are replaced wholesale, but only when they differ (they carry no history of their own). */
function logRows(model: PlanModel) {
  return (model.log?.weeks ?? []).flatMap((w) =>
    w.rows.map((r) => ({ week: w.title, date: r.date, itemsRaw: r.itemsRaw, ids: r.ids, notes: r.notes })),
  );
}

async function applyLog(tx: Db, planId: number, model: PlanModel): Promise<number> {
  const want = logRows(model);
  const old = await tx
    .select({
      week: progressLogRows.week,
      date: progressLogRows.date,
      itemsRaw: progressLogRows.itemsRaw,
      ids: progressLogRows.ids,
      notes: progressLogRows.notes,
    })
    .from(progressLogRows)
    .where(eq(progressLogRows.planId, planId))
    .orderBy(asc(progressLogRows.position));
  if (sameJson(old, want)) return 0;
  await tx.delete(progressLogRows).where(eq(progressLogRows.planId, planId));
  await insertJsonRows(
    tx,
    'progress_log_rows',
    [
      PLAN_ID,
      { name: 'week', type: 'text' },
      { name: 'date', type: 'date' },
      { name: 'items_raw', type: 'text' },
      { name: 'ids', type: 'jsonb' },
      { name: 'notes', type: 'text' },
      POSITION,
    ],
    want.map((r, position) => ({
      plan_id: planId,
      week: r.week,
      date: r.date,
      items_raw: r.itemsRaw,
      ids: r.ids,
      notes: r.notes,
      position,
    })),
  );
  return 1;
}

function differs(cur: Record<string, unknown>, want: Record<string, unknown>): boolean {
  return Object.entries(want).some(([k, v]) => (cur[k] ?? null) !== (v ?? null));
}

/** The parser turns its own crash into an `internal-error` diagnostic and an empty model: importing that
 * would mark every item removed because of a bug. Returns the reason, or null for a usable model. */
export function parseFailure(model: PlanModel): string | null {
  const d = model.diagnostics.find((x) => x.code === 'internal-error');
  return d ? d.message : null;
}

/** Thrown by importParsed for a model the parser could not produce (see parseFailure); nothing is written. */
export class ParseFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParseFailedError';
  }
}

export interface RecordSyncArgs {
  planId: number;
  model: PlanModel;
  /** Absolute path of the file the model was parsed from. */
  filePath: string;
  hash: string;
  size: number;
}

/**
 * Import a parsed document into a plan inside the caller's transaction: items, phases, sections, log rows,
 * the plan's title/diagnostics/stated numbers (clearing any error flag), and the sync state (path, hash).
 * This is what the write-back engine calls when it finds the file changed under it, holding the plan lock.
 */
export async function importParsed(tx: Db, args: RecordSyncArgs, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const failure = parseFailure(args.model);
  if (failure) throw new ParseFailedError(`${args.filePath}: ${failure}; keeping the last imported data`);
  const now = opts.now ?? new Date();
  const result = await applyPlanModel(tx, args.planId, args.model, { ...opts, now });
  const [plan] = await tx.select().from(plans).where(eq(plans.id, args.planId));
  const want = {
    title: args.model.title,
    diagnostics: storedDiagnostics(args.model),
    stated: statedNumbers(args.model),
    ...planDates(args.model),
    error: null,
  };
  const changed =
    result.wrote ||
    plan.title !== want.title ||
    plan.error !== null ||
    plan.startDate !== want.startDate ||
    plan.targetDate !== want.targetDate ||
    !sameJson(plan.diagnostics, want.diagnostics) ||
    !sameJson(plan.stated, want.stated);
  if (changed) {
    await tx
      .update(plans)
      .set({ ...want, updatedAt: now })
      .where(eq(plans.id, args.planId));
    result.wrote = true;
  }
  await recordSyncState(tx, args.planId, args.filePath, args.hash, args.size, now);
  return result;
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
