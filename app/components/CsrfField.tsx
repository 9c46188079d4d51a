// The session's CSRF token as a hidden field: put <CsrfField /> in every form that posts (the action checks
// it with requireCsrf, app/lib/auth.server.ts). Scripted submissions add useCsrfToken() to their data.
import { useRouteLoaderData } from '@remix-run/react';

/** The form field's name (the same as CSRF_FIELD in app/lib/auth.server.ts). */
export const CSRF_FIELD = '_csrf';

export function useCsrfToken(): string {
  const root = useRouteLoaderData<{ csrf: string | null }>('root');
  return root?.csrf ?? '';
}

/** Extra submission data for fetcher.submit({...}): the token when there is one. */
export function useCsrfData(): Record<string, string> {
  const token = useCsrfToken();
  return token ? { [CSRF_FIELD]: token } : {};
}

export function CsrfField() {
  const token = useCsrfToken();
  return token ? <input type="hidden" name={CSRF_FIELD} value={token} /> : null;
}
