import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import {
  isRouteErrorResponse,
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { useEffect, type ReactNode } from 'react';
import styles from './styles.css';
import { CsrfField } from './components/CsrfField';
import { useNonce } from './lib/nonce';

/** Who is signed in, for the header, and the session's form token for <CsrfField /> (app/components). */
export async function loader({ context }: LoaderFunctionArgs) {
  const identity = context.security?.identity ?? null;
  return json({
    user: identity ? { name: identity.name, role: identity.role, via: identity.via } : null,
    csrf: identity?.csrf ?? null,
    signInRequired: context.security?.signInRequired ?? false,
  });
}

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction = () => [{ title: 'Tickmark' }];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const root = useRouteLoaderData<typeof loader>('root');
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        {/* Marks the page as scripted before first paint, so no-JS fallbacks hide without a layout jump. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: "document.documentElement.classList.add('js')" }} />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link to="/" className="brand" aria-label="Tickmark: all plans">
            <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24">
              <rect x="2" y="2" width="20" height="20" rx="5" fill="currentColor" opacity="0.15" />
              <path
                d="M6.5 12.5l3.5 3.5 7.5-8"
                fill="none"
                stroke="currentColor"
                strokeWidth="2.5"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </svg>
            Tickmark
          </Link>
          {root?.user && root.user.via !== 'local' ? (
            <div className="signed-in">
              <span>
                <span className="muted">Signed in as</span> <strong>{root.user.name}</strong>{' '}
                <span className="muted">({root.user.role})</span>
              </span>
              {root.user.via === 'session' ? (
                <Form method="post" action="/sign-out" reloadDocument>
                  <CsrfField />
                  <button type="submit" className="button-small">
                    Sign out
                  </button>
                </Form>
              ) : null}
            </div>
          ) : null}
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  // Says when React has taken over the page: until then a click submits the plain (no-JS) form instead.
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const title = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : 'Something went wrong';
  const detail = isRouteErrorResponse(error)
    ? typeof error.data === 'string'
      ? error.data
      : null
    : error instanceof Error
      ? error.message
      : null;
  return (
    <div className="page">
      <h1>{title}</h1>
      {detail ? <p className="muted">{detail}</p> : null}
      <p>
        <Link to="/">Back to all plans</Link>
      </p>
    </div>
  );
}
