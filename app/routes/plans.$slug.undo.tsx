// POST /plans/:slug/undo: take back the plan's last change made through Tickmark (sync/engine/undo.ts undoLast),
// refused with the reason when the file changed since. The plan frame shows the form after every change.
import { json, redirect, type ActionFunctionArgs } from '@remix-run/node';
import { refusalOf, requireCsrf, requireRole } from '../lib/auth.server';
import { requirePlan } from '../lib/plan.server';
import { formOf } from '../lib/form.server';

export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') throw new Response('Method not allowed', { status: 405 });
  const plan = await requirePlan(context, params.slug);
  const form = Object.fromEntries(await formOf(request));
  let actor: string;
  // Undoing needs the role the change needed: a tick a contributor's, structure and dates a lead's.
  const last = await context.tickmark.lastChange(plan.slug);
  try {
    requireCsrf(request, context, form);
    actor = await requireRole(request, context, last?.role ?? 'contributor', plan.id);
  } catch (error) {
    const refused = await refusalOf(error);
    if (!refused) throw error;
    return json({ ok: false as const, message: refused.message }, { status: refused.status });
  }
  const result = await context.tickmark.undo(plan.slug, { actor, changeId: last?.id });
  if (!result.ok) return json({ ok: false as const, message: result.message }, { status: 409 });
  return json({ ok: true as const, message: `Undone: ${result.summary}.` });
}

export function loader({ params }: ActionFunctionArgs) {
  return redirect(`/plans/${encodeURIComponent(params.slug ?? '')}`);
}
