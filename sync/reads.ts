// What the CLI's read commands (status, next, list, report, history) read, as plain JSON: computed here by the
// CLI on its own database, or by the running dashboard when it holds the embedded one (server/cli-api.ts,
// sync/handover.ts). The commands print the same data the same way, so the two answers cannot drift.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client';
import { phaseCounts } from '../db/queries/phases';
import { findPlan, getPlanById, getPlanRefByPath, listPlanHeads, listPlans, listPlanSlugs } from '../db/queries/plans';
import { nextItems, type NextItem } from '../db/queries/next';
import { listItems, type ItemPage, type ItemStatus } from '../db/queries/items';
import { planHistory, type HistoryRow } from '../db/queries/history';
import { allPlansReport, planReport, WeekError, type ReportOptions, type ReportSelection } from '../db/queries/report';
import type { Plan } from '../db/schema';
import type { Report } from '../report/model';
import { storedPlanPath } from './config';
import { syncAll, syncPlan, type SyncResult } from './import';

/** A read a user can act on failed (no such plan, a week that does not parse …): one sentence, no stack. */
export class ReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadError';
  }
}

interface PlanRead {
  /** A slug or a plan file (absolute when handed to a server); default every plan. */
  plan?: string;
  /** Import the plan files first (a no-op when unchanged); `--no-sync` turns it off. */
  sync?: boolean;
}

export type ReadRequest =
  | ({ command: 'status' } & PlanRead)
  | ({ command: 'next'; limit: number } & PlanRead)
  | ({
      command: 'list';
      prefix?: string;
      status?: ItemStatus[];
      phaseKey?: string;
      search?: string;
      includeRemoved?: boolean;
      limit: number;
      offset: number;
    } & PlanRead)
  | ({ command: 'report'; selection: ReportSelection; timeZone: string; weekStart?: number } & PlanRead)
  | { command: 'history'; plan: string; key?: string };

export interface PhaseStatus {
  number: number | null;
  name: string;
  total: number;
  done: number;
  inProgress: number;
  remaining: number;
  percent: number;
}

/** `tickmark status --json`. */
export interface StatusJson {
  plans: (Omit<PhaseStatus, 'number' | 'name'> & { slug: string; path: string; phases: PhaseStatus[] })[];
}

export interface ReadAnswers {
  status: StatusJson & {
    /** Import errors by slug, and each plan's phase headings' own counts (in phase order). */
    errors: Record<string, string>;
    stated: Record<string, (number | null)[]>;
  };
  next: { items: NextItem[]; planNamed: boolean };
  list: { page: ItemPage; planNamed: boolean; slugs: Record<number, string> | null };
  /** One plan's report, or every plan's added up when none is named. */
  report: { report: Report };
  history: { rows: HistoryRow[] };
}

export type ReadAnswer<C extends ReadRequest['command'] = ReadRequest['command']> = ReadAnswers[C] & {
  /** Plans that failed to import while syncing first ("warning: …" lines). */
  warnings: string[];
};

export interface ReadOptions {
  plansDir: string;
  /** A server answers only for files inside its plans folder; null refuses the file. */
  allowFile?: (absolute: string) => boolean;
}

/** Runs a read command's query; ReadError for what the user can fix. */
export async function answerRead<R extends ReadRequest>(
  db: Db,
  request: R,
  opts: ReadOptions,
): Promise<ReadAnswer<R['command']>> {
  const warnings: string[] = [];
  const answer = await answer_(db, request, opts, warnings);
  return { ...answer, warnings } as ReadAnswer<R['command']>;
}

async function answer_(db: Db, r: ReadRequest, opts: ReadOptions, warnings: string[]): Promise<object> {
  if (r.command === 'history') {
    const plan = await getPlanRefByPath(db, storedPlanPath(r.plan, opts.plansDir));
    if (!plan) throw new ReadError(`${r.plan} is not tracked: run \`tickmark sync ${r.plan}\` first`);
    return { rows: await planHistory(db, plan.id, r.key) } satisfies ReadAnswers['history'];
  }
  const plan = await readContext(db, r, opts, warnings);
  const planNamed = plan !== null;
  switch (r.command) {
    case 'status':
      return statusOf(db, plan);
    case 'next':
      return { items: await nextItems(db, { planId: plan?.id, limit: r.limit }), planNamed };
    case 'list': {
      const page = await listItems(db, {
        planId: plan?.id,
        prefix: r.prefix,
        status: r.status,
        phaseKey: r.phaseKey,
        search: r.search,
        includeRemoved: r.includeRemoved,
        limit: r.limit,
        offset: r.offset,
      });
      // Across several plans, say which plan each item belongs to (their slugs are read only then).
      const several = !plan && new Set(page.items.map((i) => i.planId)).size > 1;
      const slugs = several ? Object.fromEntries((await listPlanSlugs(db)).map((p) => [p.id, p.slug])) : null;
      return { page, planNamed, slugs } satisfies ReadAnswers['list'];
    }
    case 'report': {
      const options: ReportOptions = { timeZone: r.timeZone, weekStart: r.weekStart };
      try {
        if (plan) return { report: await planReport(db, plan, r.selection, options) };
        const all = await listPlanHeads(db);
        if (!all.length)
          throw new ReadError('no plans yet: put *.md files in PLANS_DIR (default ./plans) and run tickmark sync');
        return { report: await allPlansReport(db, all, r.selection, options) } satisfies ReadAnswers['report'];
      } catch (error) {
        // The parser is loaded only to recognise its error: a read need not load it (decision 051).
        if (error instanceof WeekError || error instanceof (await import('../parser/index')).NoProgressLogError)
          throw new ReadError(error.message);
        throw error;
      }
    }
  }
}

async function statusOf(db: Db, plan: Plan | null): Promise<ReadAnswers['status']> {
  const out: ReadAnswers['status'] = { plans: [], errors: {}, stated: {} };
  for (const p of (await listPlans(db)).filter((p) => !plan || p.id === plan.id)) {
    if (p.error) out.errors[p.slug] = p.error;
    const phases = await phaseCounts(db, p.id);
    out.stated[p.slug] = phases.map((ph) => ph.statedCount);
    const { total, done, inProgress, remaining, percent } = p.counts;
    out.plans.push({
      slug: p.slug,
      path: p.path,
      total,
      done,
      inProgress,
      remaining,
      percent,
      phases: phases.map((ph) => ({
        number: ph.number,
        name: ph.name,
        total: ph.total,
        done: ph.done,
        inProgress: ph.inProgress,
        remaining: ph.remaining,
        percent: ph.percent,
      })),
    });
  }
  return out;
}

/** Brings the database up to date with the plan files (a no-op when nothing changed: hashes match) and
 * resolves the PLAN argument (a slug or a file), or null when none was given. */
async function readContext(db: Db, r: PlanRead, opts: ReadOptions, warnings: string[]): Promise<Plan | null> {
  const planArg = r.plan;
  const isFile = planArg !== undefined && existsSync(planArg) && statSync(planArg).isFile();
  if (isFile && opts.allowFile && !opts.allowFile(path.resolve(planArg))) {
    throw new ReadError(`${planArg} is outside the plans folder ${opts.plansDir} this dashboard serves`);
  }
  let fileResult: SyncResult | null = null;
  if (r.sync !== false) {
    const results: SyncResult[] = [];
    if (isFile) results.push((fileResult = await syncPlan(db, planArg, { plansDir: opts.plansDir })));
    else if (existsSync(opts.plansDir)) results.push(...(await syncAll(db, opts.plansDir)));
    for (const s of results) if (s.outcome === 'error') warnings.push(`${s.slug ?? s.path}: ${s.error}`);
  }
  if (planArg === undefined) return null;
  let plan: Plan | null = null;
  if (fileResult?.planId != null) plan = await getPlanById(db, fileResult.planId);
  plan ??=
    (await findPlan(db, planArg)) ??
    (isFile
      ? ((await findPlan(db, path.resolve(planArg))) ?? (await findPlan(db, storedPlanPath(planArg, opts.plansDir))))
      : null);
  if (!plan) {
    const known = (await listPlanSlugs(db)).map((p) => p.slug);
    throw new ReadError(
      `no plan '${planArg}'${known.length ? `; known plans: ${known.join(', ')}` : ' (no plans synced yet: run tickmark sync)'}`,
    );
  }
  return plan;
}
