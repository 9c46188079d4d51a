// What an import diffs against: a plan's item, phase, section and progress-log rows as stored.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { items, phases, progressLogRows, sections } from '../schema';

/** Every item row of a plan, removed ones included: what a diff starts from when nothing is remembered. */
export function readItemRows(tx: Db, planId: number) {
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

export function readPhaseRows(tx: Db, planId: number) {
  return tx.select().from(phases).where(eq(phases.planId, planId));
}

export function readSectionRows(tx: Db, planId: number) {
  return tx.select().from(sections).where(eq(sections.planId, planId));
}

/** The plan's progress-log rows in document order, as the parser's log rows compare with them. */
export function readLogRows(tx: Db, planId: number) {
  return tx
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
}
