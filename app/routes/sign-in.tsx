// Sign-in: a name and a password, checked against the scrypt hash (db/queries/auth.ts); a session cookie
// (HttpOnly, SameSite=Lax, Secure behind TLS) on success. Rate-limited per name and address; every refusal
// is logged without the password.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { checkPassword, createSession, recordSignIn, sessionCookie, signInWait } from '../lib/auth.server';
import { formOf } from '../lib/form.server';

export const meta: MetaFunction = () => [{ title: 'Sign in · Tickmark' }];

const signInForm = z.object({
  name: z.string().trim().min(1, 'enter your user name').max(64, 'a user name has at most 64 characters'),
  password: z.string().min(1, 'enter your password').max(1024, 'a password has at most 1024 characters'),
  next: z.string().max(2000).optional(),
});

/** Only a path on this site: never `//evil.example` or `https://…` (an open redirect). */
function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const identity = context.security?.identity ?? null;
  if (identity && identity.via !== 'local') return redirect(safeNext(url.searchParams.get('next')), 303);
  return json({
    next: safeNext(url.searchParams.get('next')),
    expired: url.searchParams.has('expired'),
    localMode: identity?.via === 'local',
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') throw new Response('Method not allowed', { status: 405 });
  const parsed = signInForm.safeParse(Object.fromEntries(await formOf(request)));
  if (!parsed.success) {
    return json({ message: parsed.error.issues.map((i) => i.message).join('; ') }, { status: 400 });
  }
  const { name, password } = parsed.data;
  const address = context.security?.address ?? 'unknown';
  const wait = signInWait(name, address);
  if (wait > 0) {
    console.warn(`tickmark: sign-in for '${name}' from ${address} refused: too many failed attempts`);
    return json(
      { message: `Too many failed sign-ins for ${name}; try again in ${Math.ceil(wait / 60)} minutes.` },
      { status: 429, headers: { 'Retry-After': String(wait) } },
    );
  }
  const user = await checkPassword(context.tickmark.db, name, password);
  recordSignIn(name, address, user !== null);
  if (!user) {
    console.warn(`tickmark: sign-in for '${name}' from ${address} refused: wrong name or password`);
    return json({ message: 'Wrong user name or password.' }, { status: 401 });
  }
  const session = await createSession(context.tickmark.db, user.id);
  console.log(`tickmark: ${user.name} signed in from ${address}`);
  return redirect(safeNext(parsed.data.next), {
    status: 303,
    headers: {
      'Set-Cookie': sessionCookie(session.cookie, {
        expires: session.expires,
        secure: context.security?.secure ?? false,
      }),
    },
  });
}

export default function SignIn() {
  const { next, expired, localMode } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  return (
    <div className="page sign-in-page">
      <section className="card sign-in-card" aria-labelledby="sign-in-h">
        <h1 id="sign-in-h">Sign in</h1>
        {localMode ? (
          <p className="muted">
            This Tickmark runs in local mode (no users yet): no sign-in is needed. Add a lead with{' '}
            <code>npx tickmark user add NAME --role lead</code> to share it.
          </p>
        ) : null}
        {answer?.message ? (
          <p className="banner banner-error" role="alert">
            {answer.message}
          </p>
        ) : expired ? (
          <p className="banner" role="status">
            Your session has expired or was revoked; sign in again.
          </p>
        ) : null}
        <Form method="post" className="sign-in-form" reloadDocument>
          <input type="hidden" name="next" value={next} />
          <label>
            User name
            <input
              name="name"
              autoComplete="username"
              required
              maxLength={64}
              autoCapitalize="none"
              spellCheck={false}
            />
          </label>
          <label>
            Password
            <input name="password" type="password" autoComplete="current-password" required maxLength={1024} />
          </label>
          <button type="submit" className="button" disabled={busy}>
            Sign in
          </button>
        </Form>
        <p className="muted small">
          No account? A lead adds one with <code>tickmark user add</code>.
        </p>
      </section>
    </div>
  );
}
