// The express app around the Remix build: the Host allow-list, security headers, a same-origin check on every
// write, who is asking (server/security.ts), static assets, and the Remix handler with our services and the
// request's security in the load context. No listening, no process handling (see server/main.ts).
import path from 'node:path';
import express from 'express';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import type { RequestSecurity, TickmarkServices } from '../app/context';
import { cliApi } from './cli-api';
import { cliAccounts } from './cli-accounts';
import { capRequestBody, refuseControlCharacters } from './request-guards';
import { checkHost, identify, sameOriginWrites, securityHeaders, type SecuritySettings } from './security';

export function createApp(
  build: ServerBuild,
  services: TickmarkServices,
  root: string,
  security: SecuritySettings,
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(checkHost(security));
  app.use(securityHeaders);
  app.use(refuseControlCharacters);
  app.use(capRequestBody);
  app.use(sameOriginWrites);
  // Fingerprinted bundles never change; everything else in public/ may. Neither holds anything private.
  app.use('/build', express.static(path.join(root, 'public/build'), { immutable: true, maxAge: '1y', index: false }));
  app.use(express.static(path.join(root, 'public'), { maxAge: '1h', index: false }));
  app.use(identify(services.db, security));
  app.use(cliApi(services));
  app.use(cliAccounts(services));
  app.all(
    '*',
    createRequestHandler({
      build,
      mode: 'production',
      getLoadContext: (_req, res) => ({ tickmark: services, security: res.locals.security as RequestSecurity }),
    }),
  );
  return app;
}
