// Sign-out: revokes the session in the database (not only the cookie) and clears the cookie.
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { readSessionCookie, requireCsrf, revokeSession, sessionCookie } from '../lib/auth.server';
import { formOf } from '../lib/form.server';

export async function loader() {
  return redirect('/sign-in', 303);
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') throw new Response('Method not allowed', { status: 405 });
  requireCsrf(request, context, await formOf(request));
  const cookie = readSessionCookie(request.headers.get('cookie'));
  if (cookie) await revokeSession(context.tickmark.db, cookie);
  const who = context.security?.identity?.name;
  if (who) console.log(`tickmark: ${who} signed out`);
  return redirect('/sign-in', {
    status: 303,
    headers: { 'Set-Cookie': sessionCookie(null, { secure: context.security?.secure ?? false }) },
  });
}
