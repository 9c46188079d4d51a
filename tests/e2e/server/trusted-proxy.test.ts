// A reverse proxy's user header (issue 13): believed only when TRUSTED_PROXY names the address it comes from
// and TRUSTED_PROXY_HEADER names the header, and only for an existing user; its changes carry that user's name.
// Behind it, a session cookie is Secure when the proxy says the connection was https.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, ROOT, startServer, type RunningServer } from '../../helpers/server';
import { tickmark } from '../../helpers/cli';

const SEED = path.join(ROOT, 'tests/fixtures/seed/input.md');
let server: RunningServer;
let plansDir: string;
let planPath: string;

beforeAll(async () => {
  buildApp();
  plansDir = mkdtempSync(path.join(tmpdir(), 'tm-auth-proxy-'));
  planPath = path.join(plansDir, 'plan.md');
  copyFileSync(SEED, planPath);
  server = await startServer({
    plansDir,
    env: { TRUSTED_PROXY: '127.0.0.1', TRUSTED_PROXY_HEADER: 'X-Auth-User' },
    prepare: async (env) => {
      const r = await tickmark(['user', 'add', 'pat', '--role', 'contributor'], env, 'pat-password-1\n');
      expect(r.code, r.stderr).toBe(0);
    },
  });
}, 240_000);

afterAll(async () => {
  await server?.stop();
  if (plansDir) rmSync(plansDir, { recursive: true, force: true });
});

function tick(headers: Record<string, string>, key: string, status: string) {
  return fetch(`${server.url}/plans/plan/items?_data=${encodeURIComponent('routes/plans.$slug.items')}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, ...headers },
    body: new URLSearchParams({ intent: 'set-status', key, status }).toString(),
  });
}

it('records the proxy’s user for a change, and refuses a user it does not know or a header it was not told', async () => {
  const before = readFileSync(planPath, 'utf8');
  const ghost = await tick({ 'X-Auth-User': 'ghost' }, 'CACHE-003', 'todo');
  expect(ghost.status).toBe(401);
  expect(await ghost.text()).toMatch(/'ghost' has no Tickmark account/);
  const otherHeader = await tick({ 'X-Forwarded-User': 'pat' }, 'CACHE-003', 'todo');
  expect(otherHeader.status).toBe(401);
  expect(readFileSync(planPath, 'utf8')).toBe(before);

  const ok = await tick({ 'X-Auth-User': 'pat' }, 'CACHE-003', 'todo');
  expect([200, 204]).toContain(ok.status);
  expect(readFileSync(planPath, 'utf8')).toMatch(/^- \[ \] \*\*CACHE-003\*\*/m);
  const item = await (
    await fetch(`${server.url}/plans/plan/items/CACHE-003`, { headers: { 'X-Auth-User': 'pat' } })
  ).text();
  expect(item).toMatch(/<td>pat<\/td>/);
});

it('marks the session cookie Secure when the trusted proxy says the connection was https', async () => {
  const signIn = (headers: Record<string, string>) =>
    fetch(`${server.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, ...headers },
      body: new URLSearchParams({ name: 'pat', password: 'pat-password-1', next: '/' }).toString(),
    });
  const tls = await signIn({ 'X-Forwarded-Proto': 'https' });
  expect(tls.status).toBe(303);
  expect(tls.headers.get('set-cookie')).toMatch(/tickmark_session=[^;]+;.*HttpOnly.*SameSite=Lax.*; Secure/);
  const plain = await signIn({});
  expect(plain.status).toBe(303);
  expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
});
