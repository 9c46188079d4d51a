// What an identity may do (issue 13, docs/decisions/026). The server has already established who is asking
// (server/security.ts: token, session, configured proxy, or the OS user in local mode); every loader and
// action asks here whether that identity holds a role, and every action checks the session's form token.
//
//   const actor = await requireRole(request, context, 'contributor', plan.id); // the name to record
//   requireCsrf(context, formData);
import { timingSafeEqual } from 'node:crypto';
import type { AppLoadContext } from '@remix-run/node';
import type { Identity, Role } from '../context';
import { effectiveRole, roleAtLeast } from '../../db/queries/auth';
import { CSRF_FIELD } from '../components/CsrfField';
import type { Abilities } from './abilities';

/** What each role adds, for refusals that say what was missing. */
const ROLE_DOES: Record<Role, string> = {
  viewer: 'read plans',
  contributor: 'change statuses and add notes',
  lead: 'edit structure, dates, plans and sources, and manage users',
};

/** The request's identity, or null (local mode always has one). */
export function identityOf(context: AppLoadContext): Identity | null {
  return context.security?.identity ?? null;
}

/**
 * The actor's name (user, token, or the OS user in local mode) when the request's identity holds `role` —
 * on the plan when `planId` is given (a per-plan role replaces the global one) — or throws a 401 (nobody
 * signed in) or 403 (not allowed) Response with a sentence saying why. Refusals are logged, without secrets.
 */
export async function requireRole(
  request: Request,
  context: AppLoadContext,
  role: Role,
  planId?: number,
): Promise<string> {
  const identity = identityOf(context);
  if (!identity) {
    refusal(request, context, 'nobody signed in');
    throw new Response('Sign in first: changes here need a signed-in user.', {
      status: 401,
      statusText: 'Unauthorized',
    });
  }
  const have = await effectiveRole(context.tickmark.db, identity, planId);
  if (!roleAtLeast(have, role)) {
    refusal(request, context, `${identity.name} is a ${have}, ${role} needed`);
    throw new Response(
      `${identity.name} is a ${have}${planId !== undefined && have !== identity.role ? ' on this plan' : ''}: only a ${role} may ${ROLE_DOES[role]}. Nothing was changed.`,
      { status: 403, statusText: 'Forbidden' },
    );
  }
  return identity.name;
}

/**
 * What the request's identity may do on a plan (or everywhere without one), for pages to render only the
 * controls it can use (app/lib/abilities.ts). The actions still check with requireRole: this only hides.
 */
export async function abilitiesOf(context: AppLoadContext, planId?: number): Promise<Abilities> {
  const identity = identityOf(context);
  if (!identity) return { role: null, contribute: false, lead: false };
  const role = await effectiveRole(context.tickmark.db, identity, planId);
  return { role, contribute: roleAtLeast(role, 'contributor'), lead: roleAtLeast(role, 'lead') };
}

/** The form field carrying the session's CSRF token (app/components/CsrfField.tsx). */
export { CSRF_FIELD };
// The session queries the sign-in and sign-out routes use, behind the `.server` boundary.
export { checkPassword, createSession, readSessionCookie, revokeSession, sessionCookie } from '../../db/queries/auth';

/**
 * Throws 403 unless the form carries the session's CSRF token. Only a signed-in browser session has one to
 * check: a bearer token or a proxy header is not sent by a browser on its own, and local mode has no
 * credential to steal (the Host and Origin checks guard it).
 */
export function requireCsrf(request: Request, context: AppLoadContext, form: FormData | Record<string, unknown>): void {
  const identity = identityOf(context);
  if (!identity || identity.via !== 'session' || !identity.csrf) return;
  const sent = form instanceof FormData ? form.get(CSRF_FIELD) : form[CSRF_FIELD];
  const a = Buffer.from(typeof sent === 'string' ? sent : '');
  const b = Buffer.from(identity.csrf);
  if (a.length === b.length && timingSafeEqual(a, b)) return;
  refusal(request, context, `form without a valid CSRF token from ${identity.name}`);
  throw new Response(
    'This form is out of date or was not sent by this site (no valid form token). Reload the page and try again.',
    {
      status: 403,
      statusText: 'Forbidden',
    },
  );
}

/** Turns a Response thrown by requireRole/requireCsrf into `{status, message}` for actions answering in JSON. */
export async function refusalOf(error: unknown): Promise<{ status: number; message: string } | null> {
  if (error instanceof Response && (error.status === 401 || error.status === 403))
    return { status: error.status, message: await error.text() };
  return null;
}

function refusal(request: Request, context: AppLoadContext, why: string): void {
  const url = new URL(request.url);
  console.warn(`tickmark: refused ${request.method} ${url.pathname} from ${context.security?.address ?? '?'}: ${why}`);
}

/** Sign-in attempts allowed per user name and address in a window, before 429 (decision 026). */
export const SIGN_IN_LIMIT = { failures: 5, windowMs: 15 * 60_000 };
const failures = new Map<string, { count: number; since: number }>();

/** Seconds until another sign-in attempt for this name from this address is allowed (0: now). */
export function signInWait(name: string, address: string, now = Date.now()): number {
  const f = failures.get(`${name.toLowerCase()}\n${address}`);
  if (!f || now - f.since > SIGN_IN_LIMIT.windowMs) return 0;
  return f.count >= SIGN_IN_LIMIT.failures ? Math.ceil((f.since + SIGN_IN_LIMIT.windowMs - now) / 1000) : 0;
}

export function recordSignIn(name: string, address: string, ok: boolean, now = Date.now()): void {
  const key = `${name.toLowerCase()}\n${address}`;
  if (ok) return void failures.delete(key);
  const f = failures.get(key);
  if (!f || now - f.since > SIGN_IN_LIMIT.windowMs) failures.set(key, { count: 1, since: now });
  else f.count++;
  if (failures.size > 10_000)
    for (const [k, v] of failures) if (now - v.since > SIGN_IN_LIMIT.windowMs) failures.delete(k);
}
