// Server-sent events for one plan: open pages re-load their data when it changes.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requirePlan } from '../lib/plan.server';
import { planEventStream } from '../lib/sse.server';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  return planEventStream(request, context, (event) => event.planId === plan.id);
}
