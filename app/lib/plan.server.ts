// Loader glue: find the plan named in the URL or answer 404.
import type { AppLoadContext } from '@remix-run/node';
import { getPlanBySlug } from './queries.server';

export async function requirePlan(context: AppLoadContext, slug: string | undefined) {
  const plan = slug ? await getPlanBySlug(context.tickmark.db, slug) : null;
  if (!plan) throw new Response(`No plan named '${slug ?? ''}' is tracked.`, { status: 404, statusText: 'Not Found' });
  return plan;
}

/** Who made a change made in the browser: a proxy's authenticated user when there is one. */
export function actorOf(request: Request): string {
  const user = request.headers.get('x-forwarded-user') ?? request.headers.get('x-remote-user');
  return user ? user.slice(0, 100) : 'dashboard';
}
