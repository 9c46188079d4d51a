// What the write-back engine (sync/engine/) and crash recovery write inside a plan's writer. Column and table
// names come from the schema's objects, so a rename in schema.ts is followed here.
import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import { keptStatement, value } from '../kept-statement';
import { diagnosticDigest } from './diagnostic-digest';
import { changes, itemEvents, items, phases, plans, progressLogRows, syncState } from '../schema';
import type { ChangeRow } from '../queries/write-back';
import type { Status } from '../../parser/index';

type LogRow = Pick<typeof progressLogRows.$inferInsert, 'week' | 'date' | 'itemsRaw' | 'ids' | 'notes'>;

const column = (c: AnyPgColumn) => sql.identifier(c.name);
const columnList = (cs: AnyPgColumn[]) =>
  sql.join(
    cs.map((c) => column(c)),
    sql`, `,
  );
const assignments = (pairs: [AnyPgColumn, unknown][]) =>
  sql.join(
    pairs.map(([c, v]) => sql`${column(c)} = ${v}`),
    sql`, `,
  );

/** An item without an ID keyed by its title or section follows its new key (an edit or a move). */
export async function rekeyItem(tx: Db, planId: number, from: string, to: string): Promise<void> {
  await tx
    .update(items)
    .set({ key: to })
    .where(and(eq(items.planId, planId), eq(items.key, from)));
}

/** Lines of items a tick moved without changing them (a new day's log row above them): no new version, as an
 * import's moves. One statement for any number of items. */
export async function setItemLines(tx: Db, planId: number, lines: { key: string; line: number }[]): Promise<void> {
  if (!lines.length) return;
  await tx.execute(sql`
    UPDATE ${items} SET ${sql.identifier(items.line.name)} = v.line
    FROM jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) AS v(key text, line integer)
    WHERE ${items.planId} = ${planId} AND ${items.key} = v.key AND ${items.removedAt} IS NULL`);
}

export async function setPhaseStatedCount(
  tx: Db,
  planId: number,
  phaseKey: string,
  statedCount: number | null,
): Promise<void> {
  await tx
    .update(phases)
    .set({ statedCount })
    .where(and(eq(phases.planId, planId), eq(phases.key, phaseKey)));
}

/** Log rows [head, oldEnd) replaced by `rows`; the rows after them shift so positions stay contiguous. */
export async function replaceLogRowRange(
  tx: Db,
  planId: number,
  range: { head: number; oldEnd: number; newEnd: number; rows: LogRow[] },
): Promise<void> {
  const { head, oldEnd, newEnd, rows } = range;
  await tx
    .delete(progressLogRows)
    .where(
      and(
        eq(progressLogRows.planId, planId),
        gte(progressLogRows.position, head),
        lt(progressLogRows.position, oldEnd),
      ),
    );
  if (newEnd !== oldEnd) {
    await tx
      .update(progressLogRows)
      .set({ position: sql`${progressLogRows.position} + ${newEnd - oldEnd}` })
      .where(and(eq(progressLogRows.planId, planId), gte(progressLogRows.position, oldEnd)));
  }
  if (rows.length) await tx.insert(progressLogRows).values(rows.map((r, i) => ({ planId, ...r, position: head + i })));
}

export type NewChange = Omit<typeof changes.$inferInsert, 'id' | 'undoneAt' | 'undoneBy' | 'undoneSource'>;

export async function insertChange(tx: Db, change: NewChange): Promise<void> {
  await tx.insert(changes).values(change);
}

export interface TickRecord {
  planId: number;
  at: Date;
  source: 'ui' | 'cli';
  actor: string | null;
  /** The item row before the tick, and what it becomes. */
  itemId: number;
  from: Status;
  to: Status;
  version: number;
  doneDate: string | null;
  line: number;
  note: string | null;
  stated: unknown;
  /** Set when the tick moved the plan's diagnostics. */
  diagnostics?: unknown[];
  /** The one progress-log row a tick usually changes. */
  logRow?: { position: number; row: LogRow };
  change: Pick<NewChange, 'summary' | 'oldHash' | 'newHash' | 'undo' | 'items'>;
  synced: { hash: string; size: number; path: string };
}

/** The rest of a tick in one statement (data-modifying CTEs: one round trip, one snapshot): the item, its event,
 * the stated numbers (and diagnostics), the log row, the change with its inverse, the sync state's new hash. */
export async function recordTick(tx: Db, t: TickRecord): Promise<void> {
  const c = t.change;
  const shape = (t.diagnostics === undefined ? 0 : WITH_DIAGNOSTICS) | (t.logRow ? WITH_LOG_ROW : 0);
  await tickStatement(
    tx,
    {
      planId: t.planId,
      at: t.at.toISOString(),
      itemId: t.itemId,
      from: t.from,
      to: t.to,
      version: t.version,
      doneDate: t.doneDate,
      line: t.line,
      source: t.source,
      actor: t.actor,
      note: t.note,
      stated: JSON.stringify(t.stated),
      diagnostics: JSON.stringify(t.diagnostics),
      diagnosticDigest: t.diagnostics === undefined ? null : diagnosticDigest(t.diagnostics),
      ...(t.logRow && {
        position: t.logRow.position,
        week: t.logRow.row.week,
        date: t.logRow.row.date,
        itemsRaw: t.logRow.row.itemsRaw,
        ids: JSON.stringify(t.logRow.row.ids),
        notes: t.logRow.row.notes,
      }),
      summary: c.summary,
      oldHash: c.oldHash,
      newHash: c.newHash,
      undo: JSON.stringify(c.undo),
      items: JSON.stringify(c.items),
      hash: t.synced.hash,
      size: t.synced.size,
      path: t.synced.path,
    },
    shape,
  );
}

const WITH_DIAGNOSTICS = 1;
const WITH_LOG_ROW = 2;

const tickStatement = keptStatement('record_tick', (shape) => {
  const planSet: [AnyPgColumn, unknown][] = [
    [plans.stated, sql`${value('stated')}::jsonb`],
    [plans.updatedAt, sql`${value('at')}::timestamptz`],
  ];
  if (shape & WITH_DIAGNOSTICS) {
    planSet.push([plans.diagnostics, sql`${value('diagnostics')}::jsonb`]);
    planSet.push([plans.diagnosticDigest, value('diagnosticDigest')]);
  }
  const logPart =
    shape & WITH_LOG_ROW
      ? sql`, l AS (UPDATE ${progressLogRows} SET ${assignments([
          [progressLogRows.week, value('week')],
          [progressLogRows.date, sql`${value('date')}::date`],
          [progressLogRows.itemsRaw, value('itemsRaw')],
          [progressLogRows.ids, sql`${value('ids')}::jsonb`],
          [progressLogRows.notes, value('notes')],
        ])} WHERE ${column(progressLogRows.planId)} = ${value('planId')} AND ${column(progressLogRows.position)} = ${value('position')})`
      : sql``;
  return sql`
    WITH u AS (UPDATE ${items} SET ${assignments([
      [items.status, value('to')],
      [items.version, value('version')],
      [items.doneDate, sql`${value('doneDate')}::date`],
      [items.line, value('line')],
      [items.updatedAt, sql`${value('at')}::timestamptz`],
    ])} WHERE ${column(items.id)} = ${value('itemId')}),
      e AS (INSERT INTO ${itemEvents} (${columnList([
        itemEvents.planId,
        itemEvents.itemId,
        itemEvents.fromStatus,
        itemEvents.toStatus,
        itemEvents.at,
        itemEvents.source,
        itemEvents.actor,
        itemEvents.note,
      ])})
        VALUES (${value('planId')}, ${value('itemId')}, ${value('from')}, ${value('to')}, ${value('at')}::timestamptz,
          ${value('source')}, ${value('actor')}, ${value('note')})),
      p AS (UPDATE ${plans} SET ${assignments(planSet)} WHERE ${column(plans.id)} = ${value('planId')})
      ${logPart}
      , c AS (INSERT INTO ${changes} (${columnList([
        changes.planId,
        changes.at,
        changes.source,
        changes.actor,
        changes.summary,
        changes.oldHash,
        changes.newHash,
        changes.undo,
        changes.items,
      ])})
        VALUES (${value('planId')}, ${value('at')}::timestamptz, ${value('source')}, ${value('actor')}, ${value('summary')},
          ${value('oldHash')}, ${value('newHash')}, ${value('undo')}::jsonb, ${value('items')}::jsonb))
    UPDATE ${syncState} SET ${assignments([
      [syncState.contentHash, value('hash')],
      [syncState.size, value('size')],
      [syncState.path, value('path')],
      [syncState.syncedAt, sql`${value('at')}::timestamptz`],
    ])} WHERE ${column(syncState.planId)} = ${value('planId')}`;
});

/** An item's status set from a crash intent's record: a new version, and its event. */
export async function recordIntentStatus(
  tx: Db,
  item: { id: number; planId: number; version: number },
  change: { from: Status; to: Status; doneDate: string | null; at: Date; source: 'ui' | 'cli'; actor: string | null },
): Promise<void> {
  await tx
    .update(items)
    .set({ status: change.to, version: item.version + 1, doneDate: change.doneDate, updatedAt: change.at })
    .where(eq(items.id, item.id));
  await tx.insert(itemEvents).values({
    planId: item.planId,
    itemId: item.id,
    fromStatus: change.from,
    toStatus: change.to,
    at: change.at,
    source: change.source,
    actor: change.actor,
  });
}

/** The database half of an undo before its re-import: the change's events go, its items get back their status
 * and completion date (a new version). */
export async function restoreChangedItems(tx: Db, change: ChangeRow, now: Date): Promise<void> {
  const planId = change.planId;
  await tx
    .delete(itemEvents)
    .where(and(eq(itemEvents.planId, planId), eq(itemEvents.at, change.at), eq(itemEvents.source, change.source)));
  for (const it of change.items) {
    await tx
      .update(items)
      .set({
        status: it.status as Status,
        doneDate: it.doneDate,
        version: sql`${items.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(items.planId, planId), eq(items.key, it.key), isNull(items.removedAt)));
  }
}

export async function markChangeUndone(
  tx: Db,
  changeId: number,
  undone: { at: Date; by: string | null; source: 'ui' | 'cli' },
): Promise<void> {
  await tx
    .update(changes)
    .set({ undoneAt: undone.at, undoneBy: undone.by, undoneSource: undone.source })
    .where(eq(changes.id, changeId));
}
