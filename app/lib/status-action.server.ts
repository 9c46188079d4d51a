// The one form that changes an item's status (items table, item page). One zod schema; the engine does the
// write-back and refuses stale versions.
import { json, redirect, type AppLoadContext } from '@remix-run/node';
import { z } from 'zod';
import { requirePlan } from './plan.server';
import { isScriptedPost } from './scripted';
import { refusalOf, requireCsrf, requireRole } from './auth.server';
import { STATUSES } from '../../parser/index';
import { controlCharacterMessage, hasControlCharacter } from '../../sync/control-characters';
import { formOf } from './form.server';

export const setStatusForm = z.object({
  intent: z.literal('set-status'),
  key: z
    .string()
    .min(1)
    .max(500)
    .refine((k) => !hasControlCharacter(k), controlCharacterMessage('The key')),
  status: z.enum(STATUSES),
  /** The row's checkbox: the status it switches to (overrides the menu's value sent with it). */
  toggle: z.enum(['todo', 'done']).optional(),
  version: z.coerce.number().int().positive().optional(),
  /** Written into the Notes cell of the log row a completion writes, and kept with the change in the history. */
  note: z
    .string()
    .max(500)
    .refine((n) => !hasControlCharacter(n), controlCharacterMessage('The note'))
    .optional(),
});

export type StatusActionData =
  | { ok: true; key: string; status: string; version: number }
  | { ok: false; key?: string; reason: string; message: string; current?: { status: string; version: number } | null };

export async function handleSetStatus(request: Request, context: AppLoadContext, slug: string) {
  if (request.method !== 'POST') throw new Response('Method not allowed', { status: 405 });
  const form = Object.fromEntries(await formOf(request));
  // Who may: a contributor on this plan, with the session's form token. A refusal answers like any other
  // refused change (a toast for a fetcher), and nothing is written.
  let actor: string;
  try {
    const plan = await requirePlan(context, slug);
    requireCsrf(request, context, form);
    actor = await requireRole(request, context, 'contributor', plan.id);
  } catch (error) {
    const refused = await refusalOf(error);
    if (!refused) throw error;
    const key = typeof form.key === 'string' ? form.key : undefined;
    return json<StatusActionData>(
      { ok: false, key, reason: refused.status === 401 ? 'unauthenticated' : 'forbidden', message: refused.message },
      { status: refused.status },
    );
  }
  const parsed = setStatusForm.safeParse(form);
  if (!parsed.success) {
    return json<StatusActionData>(
      {
        ok: false,
        reason: 'invalid',
        message: `Invalid form: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      },
      { status: 400 },
    );
  }
  const { key, version } = parsed.data;
  const status = parsed.data.toggle ?? parsed.data.status;
  const scripted = isScriptedPost(form);
  const result = await context.tickmark.setStatus(slug, key, status, {
    actor,
    expectedVersion: version,
    note: parsed.data.note?.trim() || undefined,
  });
  if (result.ok) {
    if (!scripted) {
      // Post/redirect/get back to the same page (filters and page number included).
      const back = new URL(request.url);
      back.searchParams.delete('index');
      return redirect(back.pathname + back.search, 303);
    }
    return json<StatusActionData>({ ok: true, key, status: result.status, version: result.version });
  }
  const message =
    result.reason === 'conflict'
      ? `${key} was changed elsewhere${result.current ? ` (it is now ${result.current.status})` : ''}; your change was not applied. The page shows the current state.`
      : result.message;
  return json<StatusActionData>(
    { ok: false, key, reason: result.reason, message, current: result.reason === 'conflict' ? result.current : null },
    { status: { conflict: 409, 'unknown-item': 404, unavailable: 503, refused: 409, failed: 500 }[result.reason] },
  );
}
