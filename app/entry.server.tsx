// The HTML of a page, rendered in one pass with renderToString. No route defers data or suspends, so React's
// streaming renderer had nothing to stream: it only cut the page into 2 kB byte views (with NUL padding,
// facebook/react#24985) that had to be gathered again, and cost the items page a fifth of its time (decision 040).
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { renderToString } from 'react-dom/server';
import { NonceContext } from './lib/nonce';
import { pageBytes } from './lib/rendered-once';

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The Content-Security-Policy's nonce for this response (server/security.ts): Remix's and our inline scripts carry it.
  const nonce = loadContext.security?.nonce;
  const html = renderToString(
    <NonceContext.Provider value={nonce}>
      <RemixServer context={remixContext} url={request.url} />
    </NonceContext.Provider>,
  );
  responseHeaders.set('Content-Type', 'text/html');
  // Bytes, not a string: a string body is first checked character by character for lone surrogates (undici).
  // Pieces of HTML kept as bytes (the items page's rows) take the place of their placeholders (decision 062).
  return new Response(pageBytes(`<!DOCTYPE html>${html}`), { headers: responseHeaders, status: responseStatusCode });
}
