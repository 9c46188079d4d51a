// The core of import: bring one plan's rows in line with a parsed model, writing only what differs.
// Runs inside the caller's transaction (import's own, or the write-back engine's while it holds the plan lock).
import type { Item, PlanModel } from '../parser/index';
import type { Db } from '../db/client';
import { getPlanById } from '../db/queries/plans';
import { readItemRows, readLogRows, readPhaseRows, readSectionRows } from '../db/queries/plan-rows';
import {
  insertItemEvents,
  insertItemRows,
  insertPhases,
  insertSections,
  markItemRowsRemoved,
  moveItemRows,
  recordSyncState,
  refreshGrownItemTables,
  replaceLogRows,
  updateItemContent,
  updatePhase,
  updatePlanHead,
  updateSection,
  type ItemContentRow,
  type ItemEventRow,
} from '../db/writes/plan-rows';
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
  /** With knownRows: the keys of the only items that may differ from them; every other item has the same
   * content, line and position (checkbox flips, decision 048), and the phases, sections and log rows are the
   * ones knownRows.structure was taken from (decision 057). Only these items are diffed; the structure is
   * neither compared nor written. */
  changedKeys?: ReadonlySet<string>;
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
 * written from (structureSignatures). A diff of only the changed items updates `items` in place. */
export interface PlanRowsSnapshot {
  items: Map<string, StoredItem>;
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

type EventRow = ItemEventRow;

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
  const only = known && opts.changedKeys;
  const existing: StoredItem[] = only ? [] : known ? [...known.items.values()] : await readItemRows(tx, planId);
  const byKey: ReadonlyMap<string, StoredItem> = known?.items ?? new Map(existing.map((r) => [r.key, r]));
  // The rows after this import, built as the diff goes (unchanged rows are the same objects). A diff of only
  // the changed items updates the remembered rows in place (a rolled-back import forgets them; 10,000
  // entries copied cost more than the diff).
  const after = only ? known.items : new Map<string, StoredItem>();
  const pendingInsert: { key: string; row: Omit<StoredItem, 'id'> }[] = [];

  const toInsert: (ItemContentRow & { planId: number; key: string })[] = [];
  const insertedEvents: { key: string; event: Omit<EventRow, 'itemId'> }[] = [];
  const contentUpdates: (ItemContentRow & { id: number })[] = [];
  const moves: { id: number; line: number; position: number }[] = [];
  const events: EventRow[] = [];
  const seen = new Set<string>();

  // Only the changed items keep their place when nothing else changed (their rows hold it).
  const diffed: Iterable<[number, Item]> = only
    ? [...only].map((key): [number, Item] => {
        const position = known.items.get(key)!.position;
        return [position, model.items[position]];
      })
    : model.items.entries();
  for (const [position, item] of diffed) {
    const fields = itemFields(item);
    seen.add(fields.key);
    const old = byKey.get(fields.key);
    if (!old) {
      toInsert.push({ ...contentRow(fields, item.line, position, 1, now), planId, key: fields.key });
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
      continue;
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
  }

  const removals: { id: number; removedAt: Date; version: number }[] = [];
  for (const old of existing) {
    if (seen.has(old.key)) continue;
    if (old.removedAt !== null) {
      after.set(old.key, old);
      continue;
    }
    after.set(old.key, { ...old, removedAt: now, version: old.version + 1 });
    removals.push({ id: old.id, removedAt: now, version: old.version + 1 });
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
    const idByKey = await insertItemRows(tx, toInsert);
    for (const { key, row } of pendingInsert) after.set(key, { ...row, id: idByKey.get(key)! });
    progress(toInsert.length);
    result.inserted = toInsert.length;
    for (const { key, event } of insertedEvents) events.push({ ...event, itemId: idByKey.get(key)! });
  }
  await updateItemContent(tx, contentUpdates);
  progress(contentUpdates.length);
  await moveItemRows(tx, moves);
  progress(moves.length);
  await markItemRowsRemoved(tx, removals);
  progress(removals.length);
  if (events.length) {
    await insertItemEvents(tx, events);
    progress(events.length);
  }
  result.events = events.length;
  await refreshGrownItemTables(tx, toInsert.length + removals.length, events.length);

  // Phases, sections and log rows written from the same parts of the model as last time are left alone unread.
  // Checkbox flips leave them as they were: their signatures (a JSON of every log row, milliseconds on a
  // 10,000-item plan) are not even taken.
  const structure = only ? known.structure : structureSignatures(model);
  const structureChanged =
    (known?.structure.phases === structure.phases ? 0 : await applyPhases(tx, planId, model, now)) |
    (known?.structure.sections === structure.sections ? 0 : await applySections(tx, planId, model, now)) |
    (known?.structure.log === structure.log ? 0 : await applyLog(tx, planId, model));
  result.wrote = total > 0 || structureChanged > 0;
  result.rows = { items: after, structure };
  return result;
}

function contentRow(f: ItemFields, line: number, position: number, version: number, now: Date): ItemContentRow {
  return {
    itemId: f.itemId,
    prefix: f.prefix,
    title: f.title,
    description: f.description,
    status: f.status,
    optional: f.optional,
    phaseKey: f.phaseKey,
    sectionKey: f.sectionKey,
    parentKey: f.parentKey,
    doneDate: f.doneDate,
    line,
    position,
    version,
    removedAt: null,
    updatedAt: now,
  };
}

/** Upsert phases by key; phases gone from the document are marked removed. Returns 1 when anything was written. */
async function applyPhases(tx: Db, planId: number, model: PlanModel, now: Date): Promise<number> {
  const old = await readPhaseRows(tx, planId);
  const byKey = new Map(old.map((p) => [p.key, p]));
  let wrote = 0;
  const seen = new Set<string>();
  const fresh: Parameters<typeof insertPhases>[1] = [];
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
      await updatePhase(tx, cur.id, want);
      wrote = 1;
    }
  }
  if (fresh.length) {
    await insertPhases(tx, fresh);
    wrote = 1;
  }
  for (const cur of old) {
    if (!seen.has(cur.key) && cur.removedAt === null) {
      await updatePhase(tx, cur.id, { removedAt: now });
      wrote = 1;
    }
  }
  return wrote;
}

async function applySections(tx: Db, planId: number, model: PlanModel, now: Date): Promise<number> {
  const old = await readSectionRows(tx, planId);
  const byKey = new Map(old.map((s) => [s.key, s]));
  let wrote = 0;
  const seen = new Set<string>();
  const fresh: Parameters<typeof insertSections>[1] = [];
  for (const [position, s] of model.sections.entries()) {
    seen.add(s.key);
    const want = { phaseKey: s.phaseKey, number: s.number, title: s.title, position, removedAt: null };
    const cur = byKey.get(s.key);
    if (!cur) fresh.push({ planId, key: s.key, phaseKey: s.phaseKey, number: s.number, title: s.title, position });
    else if (differs(cur, want)) {
      await updateSection(tx, cur.id, want);
      wrote = 1;
    }
  }
  if (fresh.length) {
    await insertSections(tx, fresh);
    wrote = 1;
  }
  for (const cur of old) {
    if (!seen.has(cur.key) && cur.removedAt === null) {
      await updateSection(tx, cur.id, { removedAt: now });
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
  const old = await readLogRows(tx, planId);
  if (sameJson(old, want)) return 0;
  await replaceLogRows(tx, planId, want);
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
  const want = {
    title: args.model.title,
    diagnostics: storedDiagnostics(args.model),
    stated: statedNumbers(args.model),
    ...planDates(args.model),
    error: null,
  };
  // Rows written: the head is written anyway (its updatedAt), so it is not read to compare.
  const plan = result.wrote ? null : (await getPlanById(tx, args.planId))!;
  const changed =
    plan === null ||
    plan.title !== want.title ||
    plan.error !== null ||
    plan.startDate !== want.startDate ||
    plan.targetDate !== want.targetDate ||
    !sameJson(plan.diagnostics, want.diagnostics) ||
    !sameJson(plan.stated, want.stated);
  if (changed) {
    await updatePlanHead(tx, args.planId, { ...want, updatedAt: now });
    result.wrote = true;
  }
  await recordSyncState(tx, args.planId, args.filePath, args.hash, args.size, now);
  return result;
}
