// Loader glue: find the plan named in the URL or answer 404 (503 when the database is down).
import type { AppLoadContext } from '@remix-run/node';
import { getPlanBySlug } from './queries.server';
import { isConnectionLost, rootReason } from '../../db/errors';

export async function requirePlan(context: AppLoadContext, slug: string | undefined) {
  const plan = slug ? await database(() => getPlanBySlug(context.tickmark.db, slug)) : null;
  if (!plan) throw new Response(`No plan named '${slug ?? ''}' is tracked.`, { status: 404, statusText: 'Not Found' });
  return plan;
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
    throw new Response(`The database is not reachable (${rootReason(error)}). Nothing was changed; reload once it is back.`, {
      status: 503,
      statusText: 'Service Unavailable',
    });
  }
}

/** Who made a change made in the browser: a proxy's authenticated user when there is one. */
export function actorOf(request: Request): string {
  const user = request.headers.get('x-forwarded-user') ?? request.headers.get('x-remote-user');
  return user ? user.slice(0, 100) : 'dashboard';
}
