// Per-plan memo for the aggregates every page view would otherwise recount (phase/section progress, event
// history per day, the filter menus, a page of item rows). Entries are dropped the moment the plan changes (the
// same in-process notification that drives live pages: every writer emits it after its transaction committed),
// and a compute that was running when the plan changed answers only the requests that were already waiting
// for it. The expiry is for changes this process does not hear of (decision 056): on PostgreSQL another
// process (a second server, a CLI) may write the same database, so entries live 10 s; the embedded database is
// this process's alone (a CLI hands its changes to the server), so there they live 5 minutes, which only bounds
// how long a view that depends on the clock (this week's report) lags behind it.
import type { AppLoadContext, TypedResponse } from '@remix-run/node';

/** How long an entry is served, by database: PostgreSQL may be written by other processes, PGlite not. */
export function memoTtlMs(): number {
  return process.env.DATABASE_URL ? 10_000 : 300_000;
}
const MAX_ENTRIES = 500; // filter combinations are unbounded (free text): forget the oldest beyond this
const entries = new Map<string, { at: number; value: Promise<unknown> }>();
let subscribed = false;

export function cachedForPlan<T>(
  context: AppLoadContext,
  planId: number,
  name: string,
  compute: () => Promise<T>,
): Promise<T> {
  if (!subscribed) {
    subscribed = true;
    context.tickmark.onPlanChanged((event) => forgetPlan(event.planId));
  }
  const key = `${planId}:${name}`;
  const hit = entries.get(key);
  if (hit && Date.now() - hit.at < memoTtlMs()) return hit.value as Promise<T>;
  // Stored before the compute's first await, so a change while it runs drops it like any other entry: its
  // result (possibly read before the change) never answers a request made after the change.
  const value = compute();
  entries.delete(key);
  entries.set(key, { at: Date.now(), value });
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}

/** A loader's answer kept as its JSON text (decisions 060, 061): shaping the data, repairing its text and turning
 * it into JSON ran on every request, for data that only changes with the plan. */
export async function cachedJsonForPlan<T>(
  context: AppLoadContext,
  planId: number,
  name: string,
  compute: () => Promise<T>,
): Promise<TypedResponse<T>> {
  const body = await cachedForPlan(context, planId, name, async () => JSON.stringify(await compute()));
  return new Response(body, { headers: { 'Content-Type': 'application/json; charset=utf-8' } }) as TypedResponse<T>;
}

/** Plan id 0 holds aggregates across all plans (the index): any change drops them too. */
export function forgetPlan(planId: number): void {
  for (const key of entries.keys()) if (key.startsWith(`${planId}:`) || key.startsWith('0:')) entries.delete(key);
}
