// `tickmark user` and `tickmark token` beside a running dashboard on the embedded database (issue 13): the
// dashboard holds PGlite, so the CLI hands each request to it. In local mode (no users yet) the OS user may;
// once users exist only a lead's token may — a viewer's token is refused, no token is told what to send —
// and what the CLI did takes effect at once: sign-in required, a per-plan role, a session ended, a token
// revoked. Neither a password nor a token appears in the server's log.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, ROOT, startServer, type RunningServer } from '../../helpers/server';
import { tickmark } from '../../helpers/cli';

const SEED = path.join(ROOT, 'tests/fixtures/seed/input.md');
const LENA = 'lead-pass-123';
const VIC = 'viewer-pass-123';

let server: RunningServer;
let plansDir: string;

beforeAll(async () => {
  buildApp();
  plansDir = mkdtempSync(path.join(tmpdir(), 'tm-accounts-'));
  copyFileSync(SEED, path.join(plansDir, 'plan.md'));
  server = await startServer({ plansDir });
}, 240_000);

afterAll(async () => {
  await server?.stop();
  if (plansDir) rmSync(plansDir, { recursive: true, force: true });
});

const cli = (args: string[], token?: string, input?: string) =>
  tickmark(args, { ...server.env, ...(token ? { TICKMARK_TOKEN: token } : {}) }, input);

function signIn(name: string, password: string): Promise<Response> {
  return fetch(`${server.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new URLSearchParams({ name, password, next: '/' }).toString(),
  });
}

// With DATABASE_URL every process opens the server itself: nothing is handed over (decision 006).
it.skipIf(!!process.env.DATABASE_URL)(
  'manages users and tokens through the running dashboard: local mode first, then a lead’s token only',
  async () => {
    // Local mode: the OS user is the lead, so the first lead token and user are made beside the dashboard.
    const leadToken = await cli(['token', 'create', 'lead-ci', '--role', 'lead']);
    expect(leadToken.code, leadToken.stderr).toBe(0);
    const token = leadToken.stdout.trim();
    expect(token).toMatch(/^tm_/);
    expect((await fetch(`${server.url}/?_data=root`)).status).toBe(200);
    const added = await cli(['user', 'add', 'lena', '--role', 'lead'], undefined, `${LENA}\n`);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/added lena \(lead\); the dashboard now requires sign-in/);
    // At once: the dashboard requires sign-in, and lena can sign in.
    expect((await fetch(`${server.url}/?_data=root`)).status).toBe(401);
    expect((await signIn('lena', LENA)).status).toBe(303);

    // No token now: refused, with what to send; nothing is added.
    const stranger = await cli(['user', 'add', 'mallory', '--role', 'lead'], undefined, 'mallory-pass-1\n');
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toMatch(/TICKMARK_TOKEN/);

    // A lead's token: users, a per-plan role, listing without secrets.
    expect((await cli(['user', 'add', 'vic', '--role', 'viewer'], token, `${VIC}\n`)).code).toBe(0);
    const index = await fetch(`${server.url}/?_data=routes%2F_index`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const slug = ((await index.json()) as { plans: { slug: string }[] }).plans[0]!.slug;
    const perPlan = await cli(['user', 'role', 'vic', 'contributor', '--plan', slug], token);
    expect(perPlan.stdout, perPlan.stderr).toBe(`vic on ${slug}: contributor\n`);
    const list = await cli(['user', 'list'], token);
    expect(list.stdout).toBe(`lena\tlead\nvic\tviewer\t${slug}=contributor\n`);
    const again = await cli(['user', 'add', 'vic', '--role', 'lead'], token, `${VIC}\n`);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/a user 'vic' exists already; nothing was changed/);

    // The per-plan role takes effect: vic may tick on that plan although a viewer elsewhere.
    const session = (await signIn('vic', VIC)).headers.get('set-cookie')!.split(';')[0]!;
    const frame = await fetch(`${server.url}/plans/${slug}?_data=${encodeURIComponent('routes/plans.$slug')}`, {
      headers: { cookie: session },
    });
    expect(((await frame.json()) as { can: { contribute: boolean; lead: boolean } }).can).toEqual({
      role: 'contributor',
      contribute: true,
      lead: false,
    });

    // sign-out ends vic's session beside the dashboard.
    const out = await cli(['user', 'sign-out', 'vic'], token);
    expect(out.stdout).toBe('ended 1 session of vic\n');
    expect((await fetch(`${server.url}/?_data=root`, { headers: { cookie: session } })).status).toBe(401);

    // A viewer's token may not manage users; a revoked token stops working.
    const viewerToken = (await cli(['token', 'create', 'peek', '--role', 'viewer'], token)).stdout.trim();
    const peek = await cli(['user', 'list'], viewerToken);
    expect(peek.code).toBe(1);
    expect(peek.stderr).toMatch(/peek is a viewer: only a lead may manage users and tokens/);
    expect((await cli(['token', 'revoke', 'peek'], token)).stdout).toBe('revoked peek\n');
    const revoked = await cli(['token', 'list'], viewerToken);
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toMatch(/The token 'peek' was revoked/);
    const tokens = await cli(['token', 'list'], token);
    expect(tokens.stdout).toMatch(/^lead-ci\tlead\tcreated \S+\npeek\tviewer\tcreated \S+\trevoked \S+\n$/);

    for (const secret of [LENA, VIC, token, viewerToken]) expect(server.output()).not.toContain(secret);
    expect(server.output()).not.toMatch(/scrypt\$/);
  },
  240_000,
);
