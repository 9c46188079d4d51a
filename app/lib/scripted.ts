// A post sent by a fetcher after hydration says so in a form field: it is answered with data (a message, the
// new version), a plain form post without JavaScript with post/redirect/get. Remix strips its own `_data`
// parameter before an action sees the request, so the URL cannot tell them apart.
export const SCRIPTED_FIELD = 'scripted';

export function isScriptedPost(form: FormData | Record<string, unknown>): boolean {
  const value = form instanceof FormData ? form.get(SCRIPTED_FIELD) : form[SCRIPTED_FIELD];
  return value === '1';
}
