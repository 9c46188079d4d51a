// Issue 13 over HTTP against the real built server with users, sessions and tokens in its own database:
// strangers, wrong roles, forged Host, cross-site posts, forms without the CSRF token, revoked tokens and
// sessions are refused with nothing written; the right people's changes carry their names; the CLI works
// with a token; a non-loopback bind with no users refuses to start.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { buildApp, ROOT, startServer, type RunningServer } from '../../helpers/server';
import { tickmark } from '../../helpers/cli';

const SEED = path.join(ROOT, 'tests/fixtures/seed/input.md');
const PASSWORDS = { lena: 'lead-pass-123', alice: 'alice-pass-123', victor: 'viewer-pass-123' };
const ITEMS_DATA = `_data=${encodeURIComponent('routes/plans.$slug.items')}`;

let server: RunningServer;
let plansDir: string;
let planPath: string;
let slug: string;
let key: string;
let ciToken: string;
let oldToken: string;
let victorCookie: string;

/** The CLI against the server's own database (or, with `server`, handing over to it like a teammate's). */
function cli(args: string[], env: Record<string, string>, input?: string) {
  return tickmark(args, env, input);
}

beforeAll(async () => {
  buildApp();
  plansDir = mkdtempSync(path.join(tmpdir(), 'tm-auth-plans-'));
  planPath = path.join(plansDir, 'plan.md');
  copyFileSync(SEED, planPath);
  server = await startServer({
    plansDir,
    prepare: async (env) => {
      for (const [name, role] of [
        ['lena', 'lead'],
        ['alice', 'contributor'],
        ['victor', 'viewer'],
      ] as const) {
        const r = await cli(['user', 'add', name, '--role', role], env, `${PASSWORDS[name]}\n`);
        expect(r.code, r.stderr).toBe(0);
      }
      const ci = await cli(['token', 'create', 'ci-bot', '--role', 'contributor'], env);
      expect(ci.code, ci.stderr).toBe(0);
      ciToken = ci.stdout.trim();
      const old = await cli(['token', 'create', 'old-bot', '--role', 'lead'], env);
      oldToken = old.stdout.trim();
      expect((await cli(['token', 'revoke', 'old-bot'], env)).code).toBe(0);
      // Listing shows names and roles, never a hash or a token.
      const users = await cli(['user', 'list', '--json'], env);
      const tokens = await cli(['token', 'list', '--json'], env);
      for (const out of [users.stdout, tokens.stdout]) {
        expect(out).not.toMatch(/scrypt|hash/i);
        expect(out).not.toContain(ciToken);
      }
      expect(JSON.parse(users.stdout).map((u: { name: string }) => u.name)).toEqual(['alice', 'lena', 'victor']);
    },
  });
  // Learn the slug and an item key as lead.
  const cookie = await signIn('lena');
  const index = await (await fetch(server.url, { headers: { cookie } })).text();
  slug = decodeURIComponent(/href="\/plans\/([^"/]+)"/.exec(index)![1]);
  const items = await (await fetch(`${server.url}/plans/${slug}/items`, { headers: { cookie } })).text();
  key = /name="key" value="([^"]+)"/.exec(items)![1];
  victorCookie = await signIn('victor');
}, 240_000);

afterAll(async () => {
  await server?.stop();
  if (plansDir) rmSync(plansDir, { recursive: true, force: true });
});

async function signIn(name: keyof typeof PASSWORDS, password = PASSWORDS[name]): Promise<string> {
  const res = await signInRaw(name, password);
  expect(res.status).toBe(303);
  const set = res.headers.get('set-cookie')!;
  return set.split(';')[0];
}

function signInRaw(name: string, password: string): Promise<Response> {
  return fetch(`${server.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new URLSearchParams({ name, password, next: '/' }).toString(),
  });
}

async function csrfOf(cookie: string): Promise<string> {
  const html = await (await fetch(`${server.url}/plans/${slug}/items`, { headers: { cookie } })).text();
  return /name="_csrf" value="([^"]+)"/.exec(html)![1];
}

function post(url: string, body: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(server.url + url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, ...headers },
    body: new URLSearchParams(body).toString(),
  });
}

function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(server.url + url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** A request with any Host header (node:http, which fetch() is not allowed to be). */
function raw(
  method: string,
  url: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      server.url + url,
      { method, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const tickBody = (status = 'done') => ({ intent: 'set-status', key, status });

it('sends a stranger to the sign-in page and refuses every mutating route with 401, writing nothing', async () => {
  const before = readFileSync(planPath, 'utf8');
  const page = await fetch(`${server.url}/plans/${slug}`, { redirect: 'manual' });
  expect(page.status).toBe(303);
  expect(page.headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(`/plans/${slug}`)}`);
  const routes: [string, Record<string, string>][] = [
    [`/plans/${slug}/items?${ITEMS_DATA}`, tickBody()],
    [`/plans/${slug}/items`, tickBody()],
    [`/plans/${slug}/items/${encodeURIComponent(key)}`, tickBody()],
    [`/plans/${slug}?index`, { intent: 'set-dates', startDate: '2026-01-01', targetDate: '2026-06-01' }],
    [`/plans/${slug}?index`, { intent: 'repair-mojibake', confirm: 'yes' }],
    [`/plans/${slug}/undo`, {}],
    [`/plans/${slug}/reports`, { intent: 'append' }],
  ];
  for (const [url, body] of routes) {
    const res = await post(url, body);
    expect(res.status, url).toBe(401);
  }
  const api = await postJson('/api/cli/set-status', { file: planPath, key, status: 'done', actor: 'mallory' });
  expect(api.status).toBe(401);
  expect((await api.json()).message).toMatch(/token/i);
  const structure = await postJson('/api/cli/structure', {
    file: planPath,
    changes: [{ kind: 'add-phase', name: 'Evil' }],
  });
  expect(structure.status).toBe(401);
  expect((await postJson('/api/cli/undo', { file: planPath, actor: 'mallory' })).status).toBe(401);
  // A proxy's user header is not believed: TRUSTED_PROXY is not configured.
  const forwarded = await post(`/plans/${slug}/items?${ITEMS_DATA}`, tickBody(), { 'X-Forwarded-User': 'lena' });
  expect(forwarded.status).toBe(401);
  expect(readFileSync(planPath, 'utf8')).toBe(before);
});

it('refuses a wrong password with 401, rate-limits, and never logs or returns the password or its hash', async () => {
  const wrong = await signInRaw('victor', 'not-the-password');
  expect(wrong.status).toBe(401);
  expect(wrong.headers.get('set-cookie')).toBeNull();
  for (let i = 0; i < 4; i++) expect((await signInRaw('victor', `guess-${i}`)).status).toBe(401);
  // Five failures from this address: even the right password waits.
  const limited = await signInRaw('victor', PASSWORDS.victor);
  expect(limited.status).toBe(429);
  expect(await limited.text()).toMatch(/Too many failed sign-ins/);
  // X-Forwarded-For buys nothing without TRUSTED_PROXY: still the same address.
  const spoofed = await fetch(`${server.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, 'X-Forwarded-For': '10.9.9.9' },
    body: new URLSearchParams({ name: 'victor', password: PASSWORDS.victor }).toString(),
  });
  expect(spoofed.status).toBe(429);
  expect(server.output()).toMatch(/sign-in for 'victor' .* wrong name or password/);
  for (const secret of ['not-the-password', 'guess-0', ...Object.values(PASSWORDS), 'scrypt$', ciToken]) {
    expect(server.output()).not.toContain(secret);
  }
});

it('lets a contributor tick only with the form token, and records the change under their name', async () => {
  const cookie = await signIn('alice');
  const set = (await signInRaw('alice', PASSWORDS.alice)).headers.get('set-cookie')!;
  expect(set).toMatch(/HttpOnly/);
  expect(set).toMatch(/SameSite=Lax/);
  expect(set).not.toMatch(/Secure/); // plain http on loopback
  const before = readFileSync(planPath, 'utf8');
  const noToken = await post(`/plans/${slug}/items?${ITEMS_DATA}`, tickBody('in-progress'), { cookie });
  expect(noToken.status).toBe(403);
  expect((await noToken.json()).message).toMatch(/form token/);
  const forged = await post(
    `/plans/${slug}/items?${ITEMS_DATA}`,
    { ...tickBody('in-progress'), _csrf: 'x' },
    { cookie },
  );
  expect(forged.status).toBe(403);
  expect(readFileSync(planPath, 'utf8')).toBe(before);

  const csrf = await csrfOf(cookie);
  const ok = await post(`/plans/${slug}/items?${ITEMS_DATA}`, { ...tickBody('in-progress'), _csrf: csrf }, { cookie });
  // 204: Remix's answer to a fetcher whose action redirected (post/redirect/get).
  expect([200, 204], await ok.clone().text()).toContain(ok.status);
  expect(readFileSync(planPath, 'utf8')).not.toBe(before);
  const item = await (
    await fetch(`${server.url}/plans/${slug}/items/${encodeURIComponent(key)}`, { headers: { cookie } })
  ).text();
  expect(item).toMatch(/<td>alice<\/td>/);

  // Structure and dates are a lead's.
  const dates = await post(
    `/plans/${slug}?index`,
    { intent: 'set-dates', startDate: '2026-01-01', targetDate: '2026-06-01', _csrf: csrf },
    { cookie },
  );
  expect(dates.status).toBe(403);
  expect(await dates.text()).toMatch(/alice is a contributor: only a lead may/);
});

it('lets only a lead undo a lead’s change (the plan dates)', async () => {
  const lena = await signIn('lena');
  const set = await post(
    `/plans/${slug}?index`,
    { intent: 'set-dates', startDate: '2026-01-01', targetDate: '2026-06-01', _csrf: await csrfOf(lena) },
    { cookie: lena },
  );
  expect(set.status, await set.clone().text()).toBeLessThan(400);
  const withDates = readFileSync(planPath, 'utf8');
  expect(withDates).toMatch(/2026-06-01|June 1, 2026/);
  const alice = await signIn('alice');
  const refused = await post(`/plans/${slug}/undo`, { _csrf: await csrfOf(alice) }, { cookie: alice });
  expect(refused.status).toBe(403);
  expect(await refused.text()).toMatch(/alice is a contributor: only a lead may/);
  expect(readFileSync(planPath, 'utf8')).toBe(withDates);
  const undone = await post(`/plans/${slug}/undo`, { _csrf: await csrfOf(lena) }, { cookie: lena });
  expect(undone.status, await undone.clone().text()).toBe(200);
  expect(readFileSync(planPath, 'utf8')).not.toMatch(/2026-06-01|June 1, 2026/);
});

it('refuses a viewer’s tick with 403 and writes nothing', async () => {
  const cookie = victorCookie; // signed in before the rate-limit test locked victor out
  const before = readFileSync(planPath, 'utf8');
  const res = await post(
    `/plans/${slug}/items?${ITEMS_DATA}`,
    { ...tickBody('done'), _csrf: await csrfOf(cookie) },
    { cookie },
  );
  expect(res.status).toBe(403);
  expect((await res.json()).message).toMatch(/victor is a viewer: only a contributor may change statuses/);
  const undo = await post(`/plans/${slug}/undo`, { _csrf: await csrfOf(cookie) }, { cookie });
  expect(undo.status).toBe(403);
  expect(readFileSync(planPath, 'utf8')).toBe(before);
  expect(server.output()).toMatch(/refused POST .* victor is a viewer, contributor needed/);
});

it('checks Host (DNS rebinding) and Origin before anything else', async () => {
  const cookie = await signIn('lena');
  // fetch() may not set Host; a DNS-rebound browser sends the attacker's name, as here.
  const rebound = await raw('GET', `/plans/${slug}`, { Host: 'evil.example:3321', cookie });
  expect(rebound.status).toBe(421);
  expect(rebound.body).toMatch(/does not answer to the host 'evil\.example:3321'/);
  const before = readFileSync(planPath, 'utf8');
  const reboundPost = await raw(
    'POST',
    `/plans/${slug}/items?${ITEMS_DATA}`,
    {
      Host: 'evil.example:3321',
      Origin: 'http://evil.example:3321',
      'Content-Type': 'application/x-www-form-urlencoded',
      cookie,
    },
    new URLSearchParams({ ...tickBody(), _csrf: await csrfOf(cookie) }).toString(),
  );
  expect(reboundPost.status).toBe(421);
  expect(readFileSync(planPath, 'utf8')).toBe(before);
  const cross = await post(
    `/plans/${slug}/items?${ITEMS_DATA}`,
    { ...tickBody(), _csrf: await csrfOf(cookie) },
    {
      Origin: 'http://evil.example',
      cookie,
    },
  );
  expect(cross.status).toBe(403);
  const localhost = await fetch(server.url.replace('127.0.0.1', 'localhost'), { headers: { cookie } });
  expect(localhost.status).toBe(200);
  const csp = localhost.headers.get('content-security-policy')!;
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  expect(csp).toMatch(/script-src 'self' 'nonce-/);
  expect(csp).not.toMatch(/unsafe-inline[^;]*;?\s*$|script-src[^;]*unsafe-inline/);
  expect(localhost.headers.get('x-frame-options')).toBe('DENY');
  const html = await localhost.text();
  // Every inline script carries this response's nonce.
  const scripts = html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
});

it('takes CLI changes with a token, as the token’s name; refuses revoked and missing tokens', async () => {
  const env = { TICKMARK_SERVER: server.url, PLANS_DIR: plansDir, DATABASE_URL: '' };
  const before = readFileSync(planPath, 'utf8');
  const none = await cli(['set', planPath, key, 'cancelled'], env);
  expect(none.code).not.toBe(0);
  expect(none.stderr).toMatch(/TICKMARK_TOKEN/);
  const revoked = await cli(['set', planPath, key, 'cancelled'], { ...env, TICKMARK_TOKEN: oldToken });
  expect(revoked.code).not.toBe(0);
  expect(revoked.stderr).toMatch(/old-bot' was revoked/);
  expect(readFileSync(planPath, 'utf8')).toBe(before);
  // A contributor's token may change statuses but not the structure.
  const addPhase = await cli(['add-phase', planPath, 'Sneaky'], { ...env, TICKMARK_TOKEN: ciToken });
  expect(addPhase.code).not.toBe(0);
  expect(addPhase.stderr).toMatch(/ci-bot is a contributor: only a lead may/);
  expect(readFileSync(planPath, 'utf8')).toBe(before);
  const ok = await cli(['set', planPath, key, 'cancelled'], { ...env, TICKMARK_TOKEN: ciToken });
  expect(ok.code, ok.stderr).toBe(0);
  expect(readFileSync(planPath, 'utf8')).not.toBe(before);
  const cookie = await signIn('lena');
  const item = await (
    await fetch(`${server.url}/plans/${slug}/items/${encodeURIComponent(key)}`, { headers: { cookie } })
  ).text();
  expect(item).toMatch(/<td>ci-bot<\/td>/);
  // The request's own `actor` field is ignored.
  const api = await postJson(
    '/api/cli/set-status',
    { file: planPath, key, status: 'todo', actor: 'mallory' },
    { Authorization: `Bearer ${ciToken}` },
  );
  expect(api.status).toBe(200);
  const after = await (
    await fetch(`${server.url}/plans/${slug}/items/${encodeURIComponent(key)}`, { headers: { cookie } })
  ).text();
  expect(after).not.toContain('mallory');
  // A day of the right shape that is no date (month 13) would be written into the plan: refused, nothing written.
  const unchanged = readFileSync(planPath, 'utf8');
  const badDay = await postJson(
    '/api/cli/set-status',
    { file: planPath, key, status: 'done', today: '2026-13-01' },
    { Authorization: `Bearer ${ciToken}` },
  );
  expect(badDay.status).toBe(400);
  expect(await badDay.text()).toMatch(/calendar date/);
  expect(readFileSync(planPath, 'utf8')).toBe(unchanged);
});

it('ends a session on sign-out: the old cookie no longer works', async () => {
  const cookie = await signIn('alice');
  const csrf = await csrfOf(cookie);
  const out = await post('/sign-out', { _csrf: csrf }, { cookie });
  expect(out.status).toBe(303);
  expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  const again = await post(`/plans/${slug}/items?${ITEMS_DATA}`, { ...tickBody('todo'), _csrf: csrf }, { cookie });
  expect(again.status).toBe(401);
  expect(await again.text()).toMatch(/expired or was revoked/);
});

it('refuses to start on 0.0.0.0 with no users, saying what to run', async () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'tm-auth-open-'));
  try {
    await expect(startServer({ plansDir: empty, env: { HOST: '0.0.0.0' } })).rejects.toThrow(
      /refusing to serve on 0\.0\.0\.0: no users exist[\s\S]*tickmark user add NAME --role lead/,
    );
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}, 240_000);

it('serves 0.0.0.0 once a user exists, requiring sign-in and warning that plain HTTP is readable', async () => {
  const open = mkdtempSync(path.join(tmpdir(), 'tm-auth-wide-'));
  const wide = await startServer({
    plansDir: open,
    env: { HOST: '0.0.0.0' },
    prepare: async (env) => {
      expect((await cli(['user', 'add', 'lena', '--role', 'lead'], env, `${PASSWORDS.lena}\n`)).code).toBe(0);
    },
  });
  try {
    expect(wide.output()).toMatch(/warning: serving 0\.0\.0\.0 over plain HTTP[^\n]*TLS proxy/);
    const url = new URL(wide.url);
    url.hostname = '127.0.0.1'; // a name the server answers to on any bind
    expect((await fetch(new URL('/?_data=root', url))).status).toBe(401);
  } finally {
    await wide.stop();
    rmSync(open, { recursive: true, force: true });
  }
}, 240_000);
