// Per-phase and per-section counts of one plan, counted from its active items in one grouped query; and the
// plan's outline (phase and section names) for menus.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { items, phases, sections } from '../schema';
import { addCounts, countColumns, finishCounts, zeroCounts, type RawCounts, type StatusCounts } from './counts';

export interface SectionSummary extends StatusCounts {
  key: string;
  number: string | null;
  title: string;
  phaseKey: string | null;
  position: number;
}

export interface PhaseSummary extends StatusCounts {
  key: string;
  number: number | null;
  name: string;
  priority: string | null;
  /** The count the heading states (`(55 items)`), to show drift against `total`. */
  statedCount: number | null;
  statusMarker: string | null;
  position: number;
  /** Its sections in document order. */
  sections: SectionSummary[];
}

export interface PlanProgress {
  total: StatusCounts;
  /** The document's phases in order. */
  phases: PhaseSummary[];
  /** Items and sections outside any phase, gathered under key '' so the totals still add up; null when none. */
  outside: PhaseSummary | null;
}

export async function planProgress(db: Db, planId: number): Promise<PlanProgress> {
  const [phaseRows, sectionRows, groups] = await Promise.all([
    db
      .select()
      .from(phases)
      .where(and(eq(phases.planId, planId), isNull(phases.removedAt)))
      .orderBy(asc(phases.position)),
    db
      .select()
      .from(sections)
      .where(and(eq(sections.planId, planId), isNull(sections.removedAt)))
      .orderBy(asc(sections.position)),
    db
      .select({ phaseKey: items.phaseKey, sectionKey: items.sectionKey, ...countColumns })
      .from(items)
      .where(and(eq(items.planId, planId), isNull(items.removedAt)))
      .groupBy(items.phaseKey, items.sectionKey),
  ]);
  const total = zeroCounts();
  const byPhase = new Map<string, RawCounts>();
  const bySection = new Map<string, RawCounts>();
  const into = (m: Map<string, RawCounts>, key: string, g: RawCounts) => {
    if (!m.has(key)) m.set(key, zeroCounts());
    addCounts(m.get(key)!, g);
  };
  for (const g of groups) {
    addCounts(total, g);
    into(byPhase, g.phaseKey ?? '', g);
    if (g.sectionKey) into(bySection, g.sectionKey, g);
  }

  const out: PhaseSummary[] = phaseRows.map((p) => ({
    key: p.key,
    number: p.number,
    name: p.name,
    priority: p.priority,
    statedCount: p.statedCount,
    statusMarker: p.statusMarker,
    position: p.position,
    ...finishCounts(byPhase.get(p.key)),
    sections: [],
  }));
  const phaseIndex = new Map(out.map((p) => [p.key, p]));
  const orphans: SectionSummary[] = [];
  for (const s of sectionRows) {
    const view: SectionSummary = {
      key: s.key,
      number: s.number,
      title: s.title,
      phaseKey: s.phaseKey,
      position: s.position,
      ...finishCounts(bySection.get(s.key)),
    };
    const parent = s.phaseKey ? phaseIndex.get(s.phaseKey) : undefined;
    if (parent) parent.sections.push(view);
    else orphans.push(view);
  }
  const loose = byPhase.get('');
  const outside: PhaseSummary | null =
    (loose && loose.total > 0) || orphans.length > 0
      ? {
          key: '',
          number: null,
          name: out.length ? 'Outside any phase' : 'All items',
          priority: null,
          statedCount: null,
          statusMarker: null,
          position: Number.MAX_SAFE_INTEGER,
          ...finishCounts(loose),
          sections: orphans,
        }
      : null;
  return { total: finishCounts(total), phases: out, outside };
}

/** The document's phases with their counts (items outside any phase are not listed). */
export async function phaseCounts(db: Db, planId: number): Promise<PhaseSummary[]> {
  return (await planProgress(db, planId)).phases;
}

/** Every section with its counts, in document order. */
export async function sectionCounts(db: Db, planId: number): Promise<SectionSummary[]> {
  const { phases: listed, outside } = await planProgress(db, planId);
  return [...listed, ...(outside ? [outside] : [])].flatMap((p) => p.sections).sort((a, b) => a.position - b.position);
}

/** Phase and section names in document order, for filter menus. */
export async function planOutline(db: Db, planId: number) {
  const [p, s] = await Promise.all([
    db
      .select({ key: phases.key, number: phases.number, name: phases.name })
      .from(phases)
      .where(and(eq(phases.planId, planId), isNull(phases.removedAt)))
      .orderBy(asc(phases.position)),
    db
      .select({ key: sections.key, number: sections.number, title: sections.title, phaseKey: sections.phaseKey })
      .from(sections)
      .where(and(eq(sections.planId, planId), isNull(sections.removedAt)))
      .orderBy(asc(sections.position)),
  ]);
  return { phases: p, sections: s };
}
