// `npm start` / `tickmark serve`: opens the database, syncs every plan in PLANS_DIR, watches them, and serves
// the Remix build on 127.0.0.1:3000 (PORT/HOST to change). Our own server rather than remix-serve because
// remix-serve ignores SIGTERM while a database pool is open: here SIGTERM/SIGINT close the watcher, the HTTP
// connections (SSE streams included) and the database, then exit.
import './production-env';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { closeDb, describeDatabase, getDb } from '../db/client';
import { isConnectionLost, rootReason } from '../db/errors';
import { announceServer } from '../sync/handover';
import { createApp } from './http';
import { createServices } from './services';
import { isLoopback, securityFromEnv } from './security';
import { countUsers } from '../db/queries/auth';
import { syncAll } from '../sync/import';
import { watchPlans, type PlanWatcher } from '../sync/watch';
import { parseOffThread, stopParseThread } from '../sync/parse-off-thread';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServeOptions {
  port: number;
  host: string;
  plansDir: string;
}

export function optionsFromEnv(env = process.env): ServeOptions {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got '${env.PORT}'`);
  return { port, host: env.HOST || '127.0.0.1', plansDir: path.resolve(env.PLANS_DIR ?? './plans') };
}

export async function serve(opts: ServeOptions): Promise<number> {
  const buildFile = path.join(root, 'build/index.js');
  if (!existsSync(buildFile)) {
    process.stderr.write(`tickmark serve: ${buildFile} is missing; run 'npx remix build' (or 'npm start') first\n`);
    return 1;
  }
  const security = securityFromEnv(opts.host);
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  process.env.PLANS_DIR = opts.plansDir; // one answer for every module that asks (sync/config.ts)
  surviveLostConnections();
  const db = await getDb();
  log(`database: ${describeDatabase()}`);
  const users = await countUsers(db);
  if (!isLoopback(opts.host) && users === 0) {
    // An open, writable server on the network: refuse rather than warn (issue 13).
    process.stderr.write(
      `tickmark serve: refusing to serve on ${opts.host}: no users exist, so anyone who can reach it could change your plans.\n` +
        `  Create a lead first:  npx tickmark user add NAME --role lead   (it asks for the password)\n` +
        `  or serve this machine only:  HOST=127.0.0.1\n`,
    );
    await closeDb().catch(() => {});
    return 1;
  }
  log(users > 0 ? `sign-in required (${users} user${users === 1 ? '' : 's'})` : 'local mode: no users, loopback only');
  if (!isLoopback(opts.host) && !security.publicTls && !security.trustedProxy)
    // Served to the network in plain HTTP: passwords and session cookies cross it readable (issue 13).
    log(
      `warning: serving ${opts.host} over plain HTTP: passwords and session cookies cross the network unencrypted. ` +
        'Put it behind a TLS proxy (TRUSTED_PROXY, TICKMARK_PUBLIC_URL=https://…) or serve HOST=127.0.0.1.',
    );

  if (!existsSync(opts.plansDir)) log(`plans folder ${opts.plansDir} does not exist yet; it is watched once created`);
  else {
    const started = Date.now();
    try {
      const results = await syncAll(db, opts.plansDir, { parse: parseOffThread });
      const failed = results.filter((r) => r.error);
      log(
        `synced ${results.length} plan${results.length === 1 ? '' : 's'} from ${opts.plansDir} in ${Date.now() - started} ms`,
      );
      for (const r of failed) log(`  ${r.path}: ${r.error}`);
    } catch (error) {
      // Serve the last good data rather than nothing; each plan's own failure is flagged on its page.
      log(`initial sync failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const watcher = await startWatcher(db, opts.plansDir);

  const app = createApp(build, createServices(db, opts.plansDir), root, security);
  const server = http.createServer(app);
  // Idle keep-alive sockets stay open a minute (Node's 5 s default races clients that reuse them: ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const unannounce = announceServer(`http://${shownHost}:${port}`);
  // The e2e tests and the bench read this line to learn the port.
  log(`listening on http://${shownHost}:${port}`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: shutting down`);
      const force = setTimeout(() => resolve(1), 10_000);
      force.unref();
      unannounce();
      server.close();
      server.closeAllConnections(); // SSE streams never end on their own
      await Promise.resolve(watcher.close()).catch(() => {});
      await closeDb().catch(() => {});
      await stopParseThread().catch(() => {});
      clearTimeout(force);
      resolve(0);
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  });
}

async function startWatcher(
  db: Awaited<ReturnType<typeof getDb>>,
  plansDir: string,
): Promise<Pick<PlanWatcher, 'close'>> {
  try {
    const watcher = watchPlans(db, plansDir, {
      // Live pages promise changes within two seconds: keep the quiet time short.
      debounceMs: 60,
      parse: parseOffThread,
      onSync: (r) => {
        if (r.outcome !== 'unchanged') log(`synced ${r.path} (${r.outcome}, ${Math.round(r.ms)} ms)`);
        if (r.error) log(`  ${r.path}: ${r.error}`);
      },
      onError: (error, file) =>
        log(`sync of ${file} failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    await watcher.ready; // edits made once we say "listening" are seen
    return watcher;
  } catch (error) {
    log(`not watching ${plansDir}: ${error instanceof Error ? error.message : String(error)}`);
    return { close: async () => {} };
  }
}

function log(message: string): void {
  process.stdout.write(`tickmark: ${message}\n`);
}

/**
 * postgres.js rejects promises nobody awaits any more when a connection is cut (a transaction's close
 * watcher, a query of a transaction already given up): Node would end the process for that. A rejection is
 * a promise with no handler, no half-done state, so dropping it is safe; only lost-connection errors are
 * dropped, anything else still ends the process as before (docs/decisions/013-postgres-null-socket-guard.md).
 */
let surviving = false;
export function surviveLostConnections(): void {
  if (surviving) return;
  surviving = true;
  process.on('unhandledRejection', (reason) => {
    if (!isConnectionLost(reason)) throw reason;
    log(`database connection lost (unawaited): ${rootReason(reason)}`);
  });
}

// Run directly: `node --import tsx server/main.ts`.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  serve(optionsFromEnv()).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`tickmark serve: ${error instanceof Error ? error.message : String(error)}\n`);
      if (process.env.TICKMARK_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    },
  );
}
