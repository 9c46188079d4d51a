// The server's door (issue 13, docs/decisions/026 and 027): which Host names it answers to (DNS rebinding),
// writes only from its own pages (Origin / Sec-Fetch-Site), a Content-Security-Policy with a nonce per
// response, and who is asking — a bearer token, a session cookie, a configured proxy's user header, or in
// local mode the OS user. The identity is established here, once, and handed to Remix in the load context;
// the routes decide what that identity may do (app/lib/auth.server.ts).
import { randomBytes } from 'node:crypto';
import { networkInterfaces, hostname, userInfo } from 'node:os';
import type { NextFunction, Request, Response } from 'express';
import type { Identity, RequestSecurity } from '../app/context';
import type { Db } from '../db/client';
import { isConnectionLost, onceMoreIfConnectionLost, rootReason } from '../db/errors';
import { countUsers, findUser, readSessionCookie, sessionUser, tokenActor } from '../db/queries/auth';

export interface SecuritySettings {
  /** The address the server binds to (HOST). */
  bindHost: string;
  /** Host names from TICKMARK_PUBLIC_URL (comma-separated URLs), answered to besides the bind address. */
  publicHosts: string[];
  /** TRUSTED_PROXY: the proxy's address, whose user header and X-Forwarded-* are believed. */
  trustedProxy: string | null;
  /** TRUSTED_PROXY_HEADER: the header naming the proxy's authenticated user. */
  proxyUserHeader: string | null;
  /** Whether TICKMARK_PUBLIC_URL is https (cookies get Secure). */
  publicTls: boolean;
}

/** The settings from the environment; throws a sentence saying what to set when they do not hold together. */
export function securityFromEnv(
  bindHost: string,
  env: Record<string, string | undefined> = process.env,
): SecuritySettings {
  const urls = (env.TICKMARK_PUBLIC_URL ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  const publicHosts: string[] = [];
  for (const u of urls) {
    try {
      publicHosts.push(new URL(u).hostname.toLowerCase());
    } catch {
      throw new Error(`TICKMARK_PUBLIC_URL must be a URL such as https://tickmark.example.com, got '${u}'`);
    }
  }
  const trustedProxy = env.TRUSTED_PROXY?.trim() || null;
  const proxyUserHeader = env.TRUSTED_PROXY_HEADER?.trim().toLowerCase() || null;
  if (proxyUserHeader && !trustedProxy)
    throw new Error('TRUSTED_PROXY_HEADER is set without TRUSTED_PROXY (the address of the proxy that sets it)');
  if (proxyUserHeader && !/^[a-z0-9-]+$/.test(proxyUserHeader))
    throw new Error(`TRUSTED_PROXY_HEADER must be a header name such as X-Forwarded-User, got '${proxyUserHeader}'`);
  return { bindHost, publicHosts, trustedProxy, proxyUserHeader, publicTls: urls.some((u) => u.startsWith('https:')) };
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}

const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** The host names (no port) this server answers to. */
export function allowedHosts(s: SecuritySettings): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]', ...s.publicHosts]);
  const bind = s.bindHost.toLowerCase();
  if (WILDCARD.has(bind)) {
    // Bound to every interface: its own addresses and host name are its names too.
    names.add(hostname().toLowerCase());
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) names.add(a.family === 'IPv6' ? `[${a.address.toLowerCase()}]` : a.address);
  } else names.add(bind.includes(':') && !bind.startsWith('[') ? `[${bind}]` : bind);
  return names;
}

/** The Host header's name without its port ('[::1]:3000' → '[::1]'), lower-cased. */
function hostName(host: string): string {
  const h = host.toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.split(':')[0];
}

/** 421 for a Host this server does not answer to: a DNS-rebound page names the attacker's host. */
export function checkHost(s: SecuritySettings) {
  const names = allowedHosts(s);
  return (req: Request, res: Response, next: NextFunction): void => {
    const host = req.get('host');
    if (host && names.has(hostName(host))) return next();
    log(`refused ${req.method} ${req.path} for Host '${(host ?? '').slice(0, 100)}' from ${req.socket.remoteAddress}`);
    res
      .status(421)
      .type('text/plain')
      .send(
        `This server does not answer to the host '${(host ?? '').slice(0, 100)}'. Use its own address, or add the name to TICKMARK_PUBLIC_URL.`,
      );
  };
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
    log(`refused cross-site ${req.method} ${req.path} (Origin '${(origin ?? '').slice(0, 100)}')`);
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

/** Security headers, with a fresh CSP nonce per response (res.locals.nonce) for Remix's inline scripts. */
export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  const nonce = randomBytes(16).toString('base64');
  res.locals.nonce = nonce;
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      // React renders progress bars' widths as style attributes; styles cannot run code.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
  );
  next();
}

/** Paths anyone may reach when sign-in is required: the sign-in page itself, sign-out, the health check. */
const OPEN_PATHS = new Set(['/sign-in', '/sign-out', '/healthz']);

/**
 * Establishes who is asking (res.locals.security) and, when sign-in is required, turns strangers away: a
 * page read is sent to the sign-in page, anything else gets 401 with what to do.
 */
export function identify(db: Db, s: SecuritySettings) {
  const loopback = isLoopback(s.bindHost);
  const osUser = safeOsUser();
  return (req: Request, res: Response, next: NextFunction): void => {
    // Nothing is sent before the reads are done, so a read that lost its connection can run the whole step again.
    void onceMoreIfConnectionLost(async () => {
      const viaProxy = s.trustedProxy !== null && sameAddress(req.socket.remoteAddress, s.trustedProxy);
      const forwardedFor = viaProxy ? req.get('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
      const address = forwardedFor || req.socket.remoteAddress || 'unknown';
      const secure =
        s.publicTls ||
        (req.socket as { encrypted?: boolean }).encrypted === true ||
        (viaProxy && req.get('x-forwarded-proto') === 'https');
      const users = await countUsers(db);
      const signInRequired = users > 0 || !loopback;
      let identity: Identity | null = null;
      let refusal: string | null = null;

      const authorization = req.get('authorization');
      const cookie = readSessionCookie(req.get('cookie'));
      if (authorization) {
        const m = /^Bearer\s+(\S+)$/i.exec(authorization);
        const t = m ? await tokenActor(db, m[1]) : null;
        if (t && !('revoked' in t)) identity = { name: t.name, role: t.role, via: 'token', userId: null, csrf: null };
        else
          refusal = t
            ? `The token '${t.name}' was revoked; create a new one with 'tickmark token create'.`
            : 'The bearer token is not valid.';
      } else if (cookie) {
        const u = await sessionUser(db, cookie);
        if (u) identity = { name: u.name, role: u.role, via: 'session', userId: u.userId, csrf: u.csrf };
        else if (signInRequired) refusal = 'Your session has expired or was revoked; sign in again.';
      }
      if (!identity && !refusal && viaProxy && s.proxyUserHeader) {
        const name = req.get(s.proxyUserHeader);
        const u = name ? await findUser(db, name) : null;
        if (u) identity = { name: u.name, role: u.role, via: 'proxy', userId: u.id, csrf: null };
        else if (name)
          refusal = `The proxy's user '${name.slice(0, 100)}' has no Tickmark account; a lead adds it with 'tickmark user add'.`;
      }
      if (!identity && !refusal && !signInRequired) {
        identity = { name: osUser, role: 'lead', via: 'local', userId: null, csrf: null };
      }
      const security: RequestSecurity = {
        nonce: res.locals.nonce as string,
        identity,
        signInRequired,
        address,
        secure,
      };
      res.locals.security = security;
      if (identity || OPEN_PATHS.has(req.path) || (!signInRequired && !refusal)) return next();
      const reason = refusal ?? 'Sign in first: this Tickmark requires it.';
      log(`refused ${req.method} ${req.path} from ${address}: ${reason}`);
      const page =
        (req.method === 'GET' || req.method === 'HEAD') && !('_data' in req.query) && !req.path.startsWith('/api/');
      if (page && !authorization) {
        const back = encodeURIComponent(req.originalUrl);
        return void res.redirect(303, `/sign-in?next=${back}${cookie ? '&expired=1' : ''}`);
      }
      res.status(401).set('WWW-Authenticate', 'Bearer realm="tickmark"');
      if (req.path.startsWith('/api/'))
        res.json({
          ok: false,
          message:
            refusal ??
            "This Tickmark requires sign-in: send a bearer token (TICKMARK_TOKEN, from 'tickmark token create').",
        });
      else res.type('text/plain').send(reason);
    }).catch((error: unknown) => {
      // The database went away while asking who this is: the documented 503 every page gives, never a 500.
      if (!isConnectionLost(error)) return next(error);
      log(`database unavailable: ${rootReason(error)}`);
      res
        .status(503)
        .type('text/plain')
        .send(`The database is not reachable (${rootReason(error)}). Nothing was changed; reload once it is back.`);
    });
  };
}

function sameAddress(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const strip = (x: string) => x.replace(/^::ffff:/, '');
  return strip(a) === strip(b);
}

function safeOsUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'local';
  }
}

export function log(message: string): void {
  process.stdout.write(`tickmark: ${message}\n`);
}
