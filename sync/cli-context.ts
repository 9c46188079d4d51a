// What the read commands (status, next, list) share: open the database, bring it up to date with the plan
// files (a no-op when nothing changed: hashes match), and resolve an optional PLAN argument.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { getDb, type Db } from '../db/client';
import { findPlan } from '../db/queries/plans';
import { plans, type Plan } from '../db/schema';
import { CliError } from '../cli/lib/errors';
import { plansDir, storedPlanPath } from './config';
import { syncAll, syncPlan, type SyncResult } from './import';

export interface QueryContext {
  db: Db;
  /** The plan the PLAN argument names, or null when none was given. */
  plan: Plan | null;
}

export async function queryContext(planArg: string | undefined, opts: { sync?: boolean } = {}): Promise<QueryContext> {
  const db = await getDb();
  const isFile = planArg !== undefined && existsSync(planArg) && statSync(planArg).isFile();
  let fileResult: SyncResult | null = null;
  if (opts.sync !== false) {
    const results: SyncResult[] = [];
    if (isFile) results.push((fileResult = await syncPlan(db, planArg!)));
    else if (existsSync(plansDir())) results.push(...(await syncAll(db, plansDir())));
    for (const r of results) if (r.outcome === 'error') process.stderr.write(`warning: ${r.slug ?? r.path}: ${r.error}\n`);
  }
  if (planArg === undefined) return { db, plan: null };
  let plan: Plan | null = null;
  if (fileResult?.planId != null) [plan] = await db.select().from(plans).where(eq(plans.id, fileResult.planId));
  plan ??= (await findPlan(db, planArg)) ?? (isFile ? ((await findPlan(db, path.resolve(planArg))) ?? (await findPlan(db, storedPlanPath(planArg)))) : null);
  if (!plan) {
    const known = (await db.select({ slug: plans.slug }).from(plans)).map((p) => p.slug).sort();
    throw new CliError(`no plan '${planArg}'${known.length ? `; known plans: ${known.join(', ')}` : ' (no plans synced yet: run tickmark sync)'}`);
  }
  return { db, plan };
}
