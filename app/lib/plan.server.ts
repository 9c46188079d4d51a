// Loader glue: find the plan named in the URL or answer 404 (503 when the database is down).
import type { AppLoadContext } from '@remix-run/node';
import { getPlanHeadBySlug, type PlanHead } from './queries.server';
import { cachedForPlan } from './cache.server';
import { isEmbedded } from '../../db/client';
import { isConnectionLost, rootReason } from '../../db/errors';
import { planFilePath } from '../../sync/config';
import { inGitWorkTree } from '../../sync/git-history';

// The load context is made afresh for every request, so the layout's loader and the page's (run side by side)
// share one look-up through it: one query a request instead of one a loader. Only a look-up still in flight is
// shared: an action runs before the loaders of its request and may change the plan, so they look again.
const lookups = new WeakMap<AppLoadContext, Map<string, Promise<PlanHead | null>>>();

/** The plan named in the URL (its head: no diagnostics), one look-up for concurrent loaders; 404 when unknown. */
export async function requirePlan(context: AppLoadContext, slug: string | undefined): Promise<PlanHead> {
  let inFlight = lookups.get(context);
  if (!inFlight) lookups.set(context, (inFlight = new Map()));
  let lookup = slug ? inFlight.get(slug) : undefined;
  if (slug && !lookup) {
    const started = database(() => planHead(context, slug));
    inFlight.set(slug, started);
    const settled = () => {
      if (inFlight.get(slug) === started) inFlight.delete(slug);
    };
    started.then(settled, settled);
    lookup = started;
  }
  const plan = lookup ? await lookup : null;
  if (!plan) throw new Response(`No plan named '${slug ?? ''}' is tracked.`, { status: 404, statusText: 'Not Found' });
  return plan;
}

/** A slug no plan has: not remembered, so strangers' guesses fill nothing. */
class NotTracked extends Error {}

/**
 * The plan's head. On the embedded database it is remembered across requests until any plan changes (plan id 0
 * of the page memo; decision 059): only this process writes it and its connection cannot be cut. On PostgreSQL
 * it stays one query a request: other processes write there, and this query is each page's check that the
 * database is reachable (503).
 */
async function planHead(context: AppLoadContext, slug: string): Promise<PlanHead | null> {
  const { db } = context.tickmark;
  if (!isEmbedded(db)) return getPlanHeadBySlug(db, slug);
  return cachedForPlan(context, 0, `head:${slug}`, async () => {
    const head = await getPlanHeadBySlug(db, slug);
    if (!head) throw new NotTracked();
    return head;
  }).catch((error: unknown) => {
    if (error instanceof NotTracked) return null;
    throw error;
  });
}

/**
 * Runs a loader's first query; a database that is down or restarting answers 503 with what to do, instead
 * of an anonymous 500 (every page's loader starts with one, so this is the one place that needs it).
 */
export async function database<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (!isConnectionLost(error)) throw error;
    console.error('database unavailable:', rootReason(error));
    throw new Response(
      `The database is not reachable (${rootReason(error)}). Nothing was changed; reload once it is back.`,
      {
        status: 503,
        statusText: 'Service Unavailable',
      },
    );
  }
}

/** Whether the plan's file is in a git work tree: its history then reaches back through its commits. */
export function planInGit(context: AppLoadContext, plan: Pick<PlanHead, 'path'>): Promise<boolean> {
  return inGitWorkTree(planFilePath(plan.path, context.tickmark.plansDir));
}
