// Per-plan memo for the aggregates every page view would otherwise recount (phase/section progress, event
// history per day, the filter menus). Entries are dropped the moment the plan changes (the same in-process
// notification that drives live pages) and expire after a short while in any case, so another process
// writing the same PostgreSQL database is seen within seconds.
import type { AppLoadContext } from '@remix-run/node';

const TTL_MS = 10_000;
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
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = compute();
  entries.delete(key);
  entries.set(key, { at: Date.now(), value });
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}

/** Plan id 0 holds aggregates across all plans (the index): any change drops them too. */
export function forgetPlan(planId: number): void {
  for (const key of entries.keys()) if (key.startsWith(`${planId}:`) || key.startsWith('0:')) entries.delete(key);
}
