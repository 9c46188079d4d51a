// The express app around the Remix build: static assets, a same-origin check on every write, the Remix
// handler with our services in the load context. No listening, no process handling (see server/main.ts).
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import type { TickmarkServices } from '../app/context';
import { cliApi } from './cli-api';

export function createApp(build: ServerBuild, services: TickmarkServices, root: string): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.use(sameOriginWrites);
  app.use(cliApi(services));
  // Fingerprinted bundles never change; everything else in public/ may.
  app.use('/build', express.static(path.join(root, 'public/build'), { immutable: true, maxAge: '1y', index: false }));
  app.use(express.static(path.join(root, 'public'), { maxAge: '1h', index: false }));
  app.all(
    '*',
    createRequestHandler({
      build,
      mode: 'production',
      getLoadContext: () => ({ tickmark: services }),
    }),
  );
  return app;
}

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
}

/** Reads are GET/HEAD; writes are POST only, and only from pages of this same origin (CSRF). Browsers send
 * `Origin` on every POST; a client sending neither Origin nor Sec-Fetch-Site is not a browser. */
export function sameOriginWrites(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  if (req.method !== 'POST') {
    res.status(405).set('Allow', 'GET, HEAD, POST').type('text/plain').send('Method not allowed');
    return;
  }
  const host = req.get('host');
  const origin = req.get('origin');
  const site = req.get('sec-fetch-site');
  let ok: boolean;
  if (origin && origin !== 'null') ok = hostOf(origin) === host;
  else if (origin === 'null') ok = false;
  else ok = site === undefined || site === 'same-origin' || site === 'none';
  if (!ok) {
    res.status(403).type('text/plain').send('Cross-origin request refused: actions accept POSTs from this site only.');
    return;
  }
  next();
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
