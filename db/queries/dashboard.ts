// Read queries for the dashboard (engineer A). Counting happens in SQL so pages stay fast at 10,000 items;
// only the small aggregated rows come back to JavaScript.
import { and, asc, count, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { itemEvents, items, phases, plans, progressLogRows, sections, syncState } from '../schema';

export type Status = 'todo' | 'in-progress' | 'done' | 'cancelled';
export const STATUS_VALUES = ['todo', 'in-progress', 'done', 'cancelled'] as const;

export interface StatusCounts {
  total: number;
  done: number;
  inProgress: number;
  todo: number;
  cancelled: number;
  /** total − done − cancelled */
  remaining: number;
  /** done / (total − cancelled), 0..100, one decimal. */
  percent: number;
}

export function emptyCounts(): StatusCounts {
  return { total: 0, done: 0, inProgress: 0, todo: 0, cancelled: 0, remaining: 0, percent: 0 };
}

function finish(c: StatusCounts): StatusCounts {
  c.remaining = c.total - c.done - c.cancelled;
  const base = c.total - c.cancelled;
  c.percent = base > 0 ? Math.round((c.done / base) * 1000) / 10 : 0;
  return c;
}

function add(c: StatusCounts, status: string, n: number): void {
  c.total += n;
  if (status === 'done') c.done += n;
  else if (status === 'in-progress') c.inProgress += n;
  else if (status === 'cancelled') c.cancelled += n;
  else c.todo += n;
}

const live = isNull(items.removedAt);

export interface PlanListEntry {
  id: number;
  slug: string;
  title: string | null;
  path: string;
  error: string | null;
  errorCount: number;
  warningCount: number;
  updatedAt: string;
  syncedAt: string | null;
  lastEventAt: string | null;
  counts: StatusCounts;
}

/** Every plan with its counts, for the index page. */
export async function listPlansWithCounts(db: Db): Promise<PlanListEntry[]> {
  const rows = await db
    .select({
      id: plans.id,
      slug: plans.slug,
      title: plans.title,
      path: plans.path,
      error: plans.error,
      diagnostics: plans.diagnostics,
      updatedAt: plans.updatedAt,
      syncedAt: syncState.syncedAt,
    })
    .from(plans)
    .leftJoin(syncState, eq(syncState.planId, plans.id))
    .orderBy(asc(plans.slug));
  const statusRows = await db
    .select({ planId: items.planId, status: items.status, n: count() })
    .from(items)
    .where(live)
    .groupBy(items.planId, items.status);
  const lastRows = await db
    .select({ planId: itemEvents.planId, at: sql<string>`max(${itemEvents.at})` })
    .from(itemEvents)
    .groupBy(itemEvents.planId);
  const countsBy = new Map<number, StatusCounts>();
  for (const r of statusRows) {
    const c = countsBy.get(r.planId) ?? emptyCounts();
    add(c, r.status, Number(r.n));
    countsBy.set(r.planId, c);
  }
  const lastBy = new Map(lastRows.map((r) => [r.planId, r.at ? new Date(r.at).toISOString() : null]));
  return rows.map((r) => {
    const diags = asDiagnostics(r.diagnostics);
    return {
      id: r.id,
      slug: r.slug,
      title: r.title,
      path: r.path,
      error: r.error,
      errorCount: diags.filter((d) => d.severity === 'error').length,
      warningCount: diags.filter((d) => d.severity === 'warning').length,
      updatedAt: r.updatedAt.toISOString(),
      syncedAt: r.syncedAt ? r.syncedAt.toISOString() : null,
      lastEventAt: lastBy.get(r.id) ?? null,
      counts: finish(countsBy.get(r.id) ?? emptyCounts()),
    };
  });
}

export interface DiagnosticView {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  line: number | null;
  column: number | null;
}

/** The stored diagnostics (jsonb written by the importer), shaped defensively: the column is `unknown[]`. */
export function asDiagnostics(value: unknown): DiagnosticView[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((d): DiagnosticView[] => {
    if (!d || typeof d !== 'object') return [];
    const o = d as Record<string, unknown>;
    const severity = o.severity === 'error' || o.severity === 'warning' ? o.severity : 'info';
    return [
      {
        severity,
        code: typeof o.code === 'string' ? o.code : 'unknown',
        message: typeof o.message === 'string' ? o.message : JSON.stringify(o),
        line: typeof o.line === 'number' ? o.line : null,
        column: typeof o.column === 'number' ? o.column : null,
      },
    ];
  });
}

export async function getPlanBySlug(db: Db, slug: string) {
  const [plan] = await db.select().from(plans).where(eq(plans.slug, slug)).limit(1);
  return plan ?? null;
}

export interface PhaseProgress {
  key: string;
  number: number | null;
  name: string;
  priority: string | null;
  statedCount: number | null;
  statusMarker: string | null;
  counts: StatusCounts;
  sections: SectionProgress[];
}

export interface SectionProgress {
  key: string;
  number: string | null;
  title: string;
  phaseKey: string | null;
  counts: StatusCounts;
}

/** Phases and sections in document order, each with counts from its live items. Items outside any
 * phase are gathered under a synthetic phase with key '' so the totals still add up. */
export async function phaseAndSectionProgress(db: Db, planId: number): Promise<{
  total: StatusCounts;
  phases: PhaseProgress[];
}> {
  const [phaseRows, sectionRows, countRows] = await Promise.all([
    db
      .select({
        key: phases.key,
        number: phases.number,
        name: phases.name,
        priority: phases.priority,
        statedCount: phases.statedCount,
        statusMarker: phases.statusMarker,
      })
      .from(phases)
      .where(and(eq(phases.planId, planId), isNull(phases.removedAt)))
      .orderBy(asc(phases.position)),
    db
      .select({ key: sections.key, number: sections.number, title: sections.title, phaseKey: sections.phaseKey })
      .from(sections)
      .where(and(eq(sections.planId, planId), isNull(sections.removedAt)))
      .orderBy(asc(sections.position)),
    db
      .select({ phaseKey: items.phaseKey, sectionKey: items.sectionKey, status: items.status, n: count() })
      .from(items)
      .where(and(eq(items.planId, planId), live))
      .groupBy(items.phaseKey, items.sectionKey, items.status),
  ]);
  const total = emptyCounts();
  const byPhase = new Map<string, StatusCounts>();
  const bySection = new Map<string, StatusCounts>();
  for (const r of countRows) {
    const n = Number(r.n);
    add(total, r.status, n);
    const pk = r.phaseKey ?? '';
    if (!byPhase.has(pk)) byPhase.set(pk, emptyCounts());
    add(byPhase.get(pk)!, r.status, n);
    if (r.sectionKey) {
      if (!bySection.has(r.sectionKey)) bySection.set(r.sectionKey, emptyCounts());
      add(bySection.get(r.sectionKey)!, r.status, n);
    }
  }
  const out: PhaseProgress[] = phaseRows.map((p) => ({
    key: p.key,
    number: p.number,
    name: p.name,
    priority: p.priority,
    statedCount: p.statedCount,
    statusMarker: p.statusMarker ?? null,
    counts: finish(byPhase.get(p.key) ?? emptyCounts()),
    sections: [],
  }));
  const phaseIndex = new Map(out.map((p) => [p.key, p]));
  const orphanSections: SectionProgress[] = [];
  for (const s of sectionRows) {
    const view: SectionProgress = {
      key: s.key,
      number: s.number,
      title: s.title,
      phaseKey: s.phaseKey,
      counts: finish(bySection.get(s.key) ?? emptyCounts()),
    };
    const parent = s.phaseKey ? phaseIndex.get(s.phaseKey) : undefined;
    if (parent) parent.sections.push(view);
    else orphanSections.push(view);
  }
  const loose = byPhase.get('');
  if ((loose && loose.total > 0) || orphanSections.length > 0) {
    out.push({
      key: '',
      number: null,
      name: out.length ? 'Outside any phase' : 'All items',
      priority: null,
      statedCount: null,
      statusMarker: null,
      counts: finish(loose ?? emptyCounts()),
      sections: orphanSections,
    });
  }
  return { total: finish(total), phases: out };
}

export interface DayDelta {
  day: string; // YYYY-MM-DD (UTC)
  fromStatus: string | null;
  toStatus: string;
  n: number;
}

/** Status transitions per day and kind: a few hundred rows even for 10,000 items with full history. */
export async function eventDeltasByDay(db: Db, planId: number): Promise<DayDelta[]> {
  const day = sql<string>`to_char(${itemEvents.at} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({ day, fromStatus: itemEvents.fromStatus, toStatus: itemEvents.toStatus, n: count() })
    .from(itemEvents)
    .where(eq(itemEvents.planId, planId))
    .groupBy(day, itemEvents.fromStatus, itemEvents.toStatus)
    .orderBy(day);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export interface ItemFilters {
  phase?: string;
  section?: string;
  status?: Status;
  prefix?: string;
  q?: string;
}

function itemConditions(planId: number, f: ItemFilters): SQL {
  const conds: SQL[] = [eq(items.planId, planId), live];
  if (f.phase) conds.push(eq(items.phaseKey, f.phase));
  if (f.section) conds.push(eq(items.sectionKey, f.section));
  if (f.status) conds.push(eq(items.status, f.status));
  if (f.prefix) conds.push(eq(items.prefix, f.prefix));
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(items.title, pattern), ilike(items.description, pattern), ilike(items.key, pattern))!);
  }
  return and(...conds)!;
}

export interface ItemListRow {
  key: string;
  itemId: string | null;
  title: string;
  description: string;
  status: Status;
  optional: boolean;
  phaseKey: string | null;
  sectionKey: string | null;
  line: number;
  version: number;
  doneDate: string | null;
}

/** One page of items in document order (walks the (plan, position) index; stops after the page). */
export async function listItems(
  db: Db,
  planId: number,
  filters: ItemFilters,
  page: { offset: number; limit: number },
): Promise<ItemListRow[]> {
  return db
    .select({
      key: items.key,
      itemId: items.itemId,
      title: items.title,
      description: items.description,
      status: items.status,
      optional: items.optional,
      phaseKey: items.phaseKey,
      sectionKey: items.sectionKey,
      line: items.line,
      version: items.version,
      doneDate: items.doneDate,
    })
    .from(items)
    .where(itemConditions(planId, filters))
    .orderBy(asc(items.position))
    .offset(page.offset)
    .limit(page.limit);
}

/** How many live items match the filters. */
export async function countItems(db: Db, planId: number, filters: ItemFilters): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(items).where(itemConditions(planId, filters));
  return Number(n);
}

/** The ID prefixes (categories) of a plan with their item counts, for the filter menu. */
export async function listPrefixes(db: Db, planId: number): Promise<{ prefix: string; n: number }[]> {
  const rows = await db
    .select({ prefix: items.prefix, n: count() })
    .from(items)
    .where(and(eq(items.planId, planId), live, sql`${items.prefix} is not null`))
    .groupBy(items.prefix)
    .orderBy(asc(items.prefix));
  return rows.map((r) => ({ prefix: r.prefix!, n: Number(r.n) }));
}

export async function listPhasesAndSections(db: Db, planId: number) {
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

export async function getItemWithHistory(db: Db, planId: number, key: string) {
  const [item] = await db
    .select()
    .from(items)
    .where(and(eq(items.planId, planId), eq(items.key, key)))
    .limit(1);
  if (!item) return null;
  const [events, phase, section] = await Promise.all([
    db
      .select({
        id: itemEvents.id,
        fromStatus: itemEvents.fromStatus,
        toStatus: itemEvents.toStatus,
        at: itemEvents.at,
        source: itemEvents.source,
        actor: itemEvents.actor,
      })
      .from(itemEvents)
      .where(eq(itemEvents.itemId, item.id))
      .orderBy(desc(itemEvents.at), desc(itemEvents.id)),
    item.phaseKey
      ? db
          .select({ key: phases.key, number: phases.number, name: phases.name })
          .from(phases)
          .where(and(eq(phases.planId, planId), eq(phases.key, item.phaseKey)))
          .limit(1)
      : Promise.resolve([]),
    item.sectionKey
      ? db
          .select({ key: sections.key, number: sections.number, title: sections.title })
          .from(sections)
          .where(and(eq(sections.planId, planId), eq(sections.key, item.sectionKey)))
          .limit(1)
      : Promise.resolve([]),
  ]);
  return { item, events, phase: phase[0] ?? null, section: section[0] ?? null };
}

/** Current status and version of some items, for the live page after a conflict. */
export async function getItemState(db: Db, planId: number, key: string) {
  const [row] = await db
    .select({ key: items.key, status: items.status, version: items.version, title: items.title })
    .from(items)
    .where(and(eq(items.planId, planId), eq(items.key, key)))
    .limit(1);
  return row ?? null;
}

export async function progressLogCount(db: Db, planId: number): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(progressLogRows).where(eq(progressLogRows.planId, planId));
  return Number(n);
}

/** Sets (or clears) the plan's start and target dates for the burndown's ideal line. */
export async function setPlanDates(
  db: Db,
  planId: number,
  dates: { startDate?: string | null; targetDate?: string | null },
): Promise<void> {
  const patch: Partial<typeof plans.$inferInsert> = {};
  if (dates.startDate !== undefined) patch.startDate = dates.startDate;
  if (dates.targetDate !== undefined) patch.targetDate = dates.targetDate;
  if (Object.keys(patch).length === 0) return;
  await db.update(plans).set(patch).where(eq(plans.id, planId));
}
