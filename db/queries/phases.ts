// Per-phase and per-section counts of one plan, counted from its active items.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { items, phases, sections } from '../schema';
import { countColumns, finishCounts, type StatusCounts } from './counts';

export interface PhaseSummary extends StatusCounts {
  key: string;
  number: number | null;
  name: string;
  priority: string | null;
  /** The count the heading states (`(55 items)`), to show drift against `total`. */
  statedCount: number | null;
  statusMarker: string | null;
  position: number;
}

export interface SectionSummary extends StatusCounts {
  key: string;
  number: string | null;
  title: string;
  phaseKey: string | null;
  position: number;
}

export async function phaseCounts(db: Db, planId: number): Promise<PhaseSummary[]> {
  const rows = await db
    .select()
    .from(phases)
    .where(and(eq(phases.planId, planId), isNull(phases.removedAt)))
    .orderBy(asc(phases.position));
  const counts = await db
    .select({ key: items.phaseKey, ...countColumns })
    .from(items)
    .where(and(eq(items.planId, planId), isNull(items.removedAt)))
    .groupBy(items.phaseKey);
  const byKey = new Map(counts.map((c) => [c.key, c]));
  return rows.map((p) => ({
    key: p.key,
    number: p.number,
    name: p.name,
    priority: p.priority,
    statedCount: p.statedCount,
    statusMarker: p.statusMarker,
    position: p.position,
    ...finishCounts(byKey.get(p.key)),
  }));
}

export async function sectionCounts(db: Db, planId: number): Promise<SectionSummary[]> {
  const rows = await db
    .select()
    .from(sections)
    .where(and(eq(sections.planId, planId), isNull(sections.removedAt)))
    .orderBy(asc(sections.position));
  const counts = await db
    .select({ key: items.sectionKey, ...countColumns })
    .from(items)
    .where(and(eq(items.planId, planId), isNull(items.removedAt)))
    .groupBy(items.sectionKey);
  const byKey = new Map(counts.map((c) => [c.key, c]));
  return rows.map((s) => ({
    key: s.key,
    number: s.number,
    title: s.title,
    phaseKey: s.phaseKey,
    position: s.position,
    ...finishCounts(byKey.get(s.key)),
  }));
}
