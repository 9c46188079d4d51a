// The weekly report assembled from what the database returns: status transitions per day, the week's item
// events, and the counts as of the week's end. Pure: db/queries/report.ts does the reading.
import { percentDone } from '../parser/status-registry';
import { forecast, HISTORY_WEEKS, type Forecast, type HistoryWeek } from './forecast';
import { addDays, previousWeek, weeksEndingAt, type WeekOptions, type WeekRange } from './weeks';

export type Status = 'todo' | 'in-progress' | 'done' | 'cancelled';
export type ChangeSource = 'markdown' | 'ui' | 'cli' | 'log';

/** Transitions of one kind on one day (in the report's time zone). */
export interface DayTransitions {
  day: string;
  fromStatus: string | null;
  toStatus: string;
  n: number;
}

/** One item event inside the report's period, with the item's place in the plan. */
export interface PeriodEvent {
  key: string;
  itemId: string | null;
  title: string;
  phaseKey: string | null;
  sectionKey: string | null;
  fromStatus: string | null;
  toStatus: string;
  day: string;
  source: string;
  actor: string | null;
  /** The note given with the change (a dashboard or CLI tick), if any. */
  note?: string | null;
}

export interface PhaseInfo {
  key: string;
  name: string;
}

export interface ReportInput {
  plan: { slug: string; title: string | null; path: string; targetDate: string | null } | null;
  range: WeekRange;
  options: Required<WeekOptions>;
  phases: PhaseInfo[];
  sections: { key: string; title: string }[];
  /** Item counts by phase and status as of the end of the period (removed items left out). */
  statusAsOf: { phaseKey: string | null; status: string; n: number }[];
  /** Transitions per day from the first history week's start (or the period's, if earlier) to its end. */
  transitions: DayTransitions[];
  events: PeriodEvent[];
  /** The document's diagnostics now. */
  diagnostics: Diagnostic[];
  /** Diagnostics that appeared or settled within the period, oldest first (the plan's diagnostic history). */
  diagnosticChanges: (Diagnostic & { change: 'appeared' | 'settled'; date: string })[];
  /** The first day the plan's diagnostics were recorded: before it, nothing can be said about what appeared. */
  diagnosticsSince: string | null;
}

export interface Diagnostic {
  severity: string;
  code: string;
  message: string;
  line?: number;
  column?: number;
}

export interface ReportItem {
  /** The item's ID, or its key when it has none. */
  id: string;
  key: string;
  title: string;
  phase: string | null;
  section: string | null;
  date: string;
  source: string;
  actor: string | null;
  note: string | null;
}

export interface PhaseReport {
  key: string;
  name: string;
  total: number;
  done: number;
  inProgress: number;
  cancelled: number;
  remaining: number;
  completedThisWeek: number;
  forecast: { status: string; p50: string | null; p85: string | null; p95: string | null };
}

export interface HistoryRow {
  id: string;
  start: string;
  end: string;
  completed: number;
  added: number;
  removed: number;
  /** Scope and done at the week's end: the burn-up. */
  scope: number;
  done: number;
}

export interface Report {
  plan: ReportInput['plan'];
  week: { id: string; kind: WeekRange['kind']; start: string; end: string };
  timeZone: string;
  weekStart: number;
  headline: {
    completed: number;
    previousWeek: number;
    /** Mean completions of the last four weeks (this one included). */
    average4: number;
    remaining: number;
    percent: number;
    added: number;
    removed: number;
    status: Forecast['status'];
  };
  completed: ReportItem[];
  started: ReportItem[];
  reopened: ReportItem[];
  cancelled: ReportItem[];
  added: ReportItem[];
  removed: ReportItem[];
  counts: { total: number; done: number; inProgress: number; cancelled: number; remaining: number };
  byPhase: PhaseReport[];
  scope: { added: number; removed: number };
  forecast: Forecast;
  history: HistoryRow[];
  health: {
    /** Appeared within the period (each with its date). */
    appeared: (Diagnostic & { date: string })[];
    /** Settled (no longer reported) within the period. */
    settled: (Diagnostic & { date: string })[];
    /** The document's diagnostics now. */
    open: Diagnostic[];
    since: string | null;
  };
}

const inScope = (s: string | null) => (s === 'todo' || s === 'in-progress' || s === 'done' ? 1 : 0);
const isDone = (s: string | null) => (s === 'done' ? 1 : 0);

/** Per-day transitions folded into sums over [start, end]. */
function sums(transitions: DayTransitions[], start: string, end: string) {
  const s = { completed: 0, added: 0, removed: 0, scope: 0, done: 0, growth: 0 };
  for (const t of transitions) {
    if (t.day < start || t.day > end) continue;
    const dScope = inScope(t.toStatus) - inScope(t.fromStatus);
    if (isDone(t.toStatus) && !isDone(t.fromStatus)) s.completed += t.n;
    if (dScope > 0) s.added += t.n;
    if (dScope < 0) s.removed += t.n;
    s.scope += dScope * t.n;
    s.done += (isDone(t.toStatus) - isDone(t.fromStatus)) * t.n;
    // Work that became remaining: new scope, and done items that stopped being done (reopened, or removed
    // while done, which also leaves scope: remaining is unchanged by that).
    s.growth += (dScope + (isDone(t.fromStatus) && !isDone(t.toStatus) ? 1 : 0)) * t.n;
  }
  return s;
}

/** The first day of the history window the report needs for `range`. */
export function historyStart(range: WeekRange, options: WeekOptions): string {
  const first = weeksEndingAt(range.end, HISTORY_WEEKS, options)[0].start;
  const prev = addDays(range.start, -7);
  return first < prev ? first : prev;
}

export function buildReport(input: ReportInput): Report {
  const { range, options } = input;
  const phaseName = new Map(input.phases.map((p) => [p.key, p.name]));
  const sectionTitle = new Map(input.sections.map((s) => [s.key, s.title]));

  // Counts at the end of the period, per phase (in phase order; items outside any phase last).
  const zero = () => ({ total: 0, done: 0, inProgress: 0, cancelled: 0, remaining: 0 });
  const perPhase = new Map<string, ReturnType<typeof zero>>(input.phases.map((p) => [p.key, zero()]));
  const counts = zero();
  for (const row of input.statusAsOf) {
    const key = row.phaseKey ?? '';
    if (!perPhase.has(key)) perPhase.set(key, zero());
    for (const c of [perPhase.get(key)!, counts]) {
      c.total += row.n;
      if (row.status === 'done') c.done += row.n;
      else if (row.status === 'in-progress') c.inProgress += row.n;
      else if (row.status === 'cancelled') c.cancelled += row.n;
    }
  }
  for (const c of [...perPhase.values(), counts]) c.remaining = c.total - c.done - c.cancelled;
  if (perPhase.get('')?.total === 0) perPhase.delete('');

  // The weeks of history, and the burn-up replayed backwards from the counts at the period's end.
  const weeks = weeksEndingAt(range.end, HISTORY_WEEKS, options);
  let scope = counts.total - counts.cancelled;
  let done = counts.done;
  const history: HistoryRow[] = [];
  const forecastHistory: HistoryWeek[] = [];
  for (let i = weeks.length - 1; i >= 0; i--) {
    const w = weeks[i];
    const end = w.end < range.end ? w.end : range.end;
    const s = sums(input.transitions, w.start, end);
    history.push({
      id: w.id,
      start: w.start,
      end,
      completed: s.completed,
      added: s.added,
      removed: s.removed,
      scope,
      done,
    });
    forecastHistory.push({ id: w.id, completed: s.completed, added: s.growth });
    scope -= s.scope;
    done -= s.done;
  }
  history.reverse();
  forecastHistory.reverse();

  const f = forecast({
    phases: [...perPhase.entries()].map(([key, c]) => ({ key, remaining: c.remaining })),
    history: forecastHistory,
    asOf: range.end,
    targetDate: input.plan?.targetDate ?? null,
  });
  const phaseForecast = new Map(f.phases.map((p) => [p.key, p]));

  const toItem = (e: PeriodEvent): ReportItem => ({
    id: e.itemId ?? e.key,
    key: e.key,
    title: e.title,
    phase: e.phaseKey ? (phaseName.get(e.phaseKey) ?? e.phaseKey) : null,
    section: e.sectionKey ? (sectionTitle.get(e.sectionKey) ?? e.sectionKey) : null,
    date: e.day,
    source: e.source,
    actor: e.actor,
    note: e.note ?? null,
  });
  /** The last event of each item that matches, in date order. */
  const pick = (match: (e: PeriodEvent) => boolean) => {
    const last = new Map<string, PeriodEvent>();
    for (const e of input.events) if (match(e)) last.set(e.key, e);
    return [...last.values()].map(toItem);
  };
  const completed = pick((e) => e.toStatus === 'done' && e.fromStatus !== 'done');
  const completedByPhase = new Map<string, number>();
  for (const e of input.events) {
    if (e.toStatus === 'done' && e.fromStatus !== 'done') {
      const k = e.phaseKey ?? '';
      completedByPhase.set(k, (completedByPhase.get(k) ?? 0) + 1);
    }
  }

  const period = sums(input.transitions, range.start, range.end);
  const prev = previousWeek(range, options);
  const last4 = history.slice(-4);
  return {
    plan: input.plan,
    week: { id: range.id, kind: range.kind, start: range.start, end: range.end },
    timeZone: options.timeZone,
    weekStart: options.weekStart,
    headline: {
      completed: period.completed,
      previousWeek: sums(input.transitions, prev.start, prev.end).completed,
      average4: Math.round((last4.reduce((s, w) => s + w.completed, 0) / Math.max(1, last4.length)) * 10) / 10,
      remaining: counts.remaining,
      percent: percentDone(counts, 1),
      added: period.added,
      removed: period.removed,
      status: f.status,
    },
    completed,
    started: pick((e) => e.toStatus === 'in-progress' && e.fromStatus !== null && e.fromStatus !== 'done'),
    reopened: pick((e) => e.fromStatus === 'done' && (e.toStatus === 'todo' || e.toStatus === 'in-progress')),
    cancelled: pick((e) => e.toStatus === 'cancelled'),
    added: pick((e) => !inScope(e.fromStatus) && !!inScope(e.toStatus) && e.fromStatus !== 'cancelled'),
    removed: pick((e) => e.toStatus === 'removed'),
    counts,
    byPhase: [...perPhase.entries()].map(([key, c]) => {
      const pf = phaseForecast.get(key)!;
      return {
        key,
        name: key ? (phaseName.get(key) ?? key) : '(no phase)',
        ...c,
        completedThisWeek: completedByPhase.get(key) ?? 0,
        forecast: { status: pf.status, p50: pf.p50, p85: pf.p85, p95: pf.p95 },
      };
    }),
    scope: { added: period.added, removed: period.removed },
    forecast: f,
    history,
    health: {
      appeared: input.diagnosticChanges.filter((d) => d.change === 'appeared').map(withoutChange),
      settled: input.diagnosticChanges.filter((d) => d.change === 'settled').map(withoutChange),
      open: input.diagnostics,
      since: input.diagnosticsSince,
    },
  };
}

function withoutChange({ change: _, ...d }: ReportInput['diagnosticChanges'][number]) {
  return d;
}

/**
 * Several plans' inputs as one (the all-plans report): phases, sections and items keyed `slug/key` so they stay
 * apart, phase names prefixed with the plan's label, the day sums simply added, diagnostics named by plan. No
 * plan and so no target date: the headline forecast is over all the remaining work.
 */
export function combineReportInputs(parts: { input: ReportInput; label: string }[]): ReportInput {
  const first = parts[0].input;
  const out: ReportInput = {
    plan: null,
    range: first.range,
    options: first.options,
    phases: [],
    sections: [],
    statusAsOf: [],
    transitions: [],
    events: [],
    diagnostics: [],
    diagnosticChanges: [],
    diagnosticsSince: null,
  };
  for (const { input, label } of parts) {
    const slug = input.plan?.slug ?? label;
    const k = (key: string | null) => `${slug}/${key ?? ''}`;
    out.phases.push(...input.phases.map((p) => ({ key: k(p.key), name: `${label} · ${p.name}` })));
    if (input.statusAsOf.some((r) => r.phaseKey === null))
      out.phases.push({ key: k(null), name: `${label} · (no phase)` });
    out.sections.push(...input.sections.map((s) => ({ key: k(s.key), title: s.title })));
    out.statusAsOf.push(...input.statusAsOf.map((r) => ({ ...r, phaseKey: k(r.phaseKey) })));
    out.transitions.push(...input.transitions);
    out.events.push(
      ...input.events.map((e) => ({
        ...e,
        key: k(e.key),
        itemId: e.itemId ?? e.key,
        phaseKey: k(e.phaseKey),
        sectionKey: e.sectionKey === null ? null : k(e.sectionKey),
      })),
    );
    const named = <D extends Diagnostic>(d: D): D => ({ ...d, message: `${label}: ${d.message}` });
    out.diagnostics.push(...input.diagnostics.map(named));
    out.diagnosticChanges.push(...input.diagnosticChanges.map(named));
    const since = input.diagnosticsSince;
    if (since && (!out.diagnosticsSince || since < out.diagnosticsSince)) out.diagnosticsSince = since;
  }
  out.diagnosticChanges.sort((a, b) => a.date.localeCompare(b.date));
  return out;
}
