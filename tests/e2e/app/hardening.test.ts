// What a deliberate attack on the running server broke (issue 14), driven over HTTP against the real built
// server, its watcher and database: bad addresses and forms, oversized bodies, symlinks and read-only plans,
// a tick while the file is being saved, a file that is not a plan, and the React 18 NUL padding.
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, startServer, type RunningServer } from '../../helpers/server';

let server: RunningServer;
let plansDir: string;
let outsideDir: string;

/** A plan whose titles are runs of `→` (3 bytes in UTF-8), so React's 2048-byte views end inside one. */
function arrowPlan(prefix: string, count: number): string {
  const lines = [`# ${prefix} plan`, '', `## Phase 1: Arrows (${count} items)`, '', '### 1.1 Arrows', ''];
  for (let i = 1; i <= count; i++) {
    const id = `${prefix}-${String(i).padStart(3, '0')}`;
    lines.push(`- [ ] **${id}**: step ${'→'.repeat(20 + (i % 7))} done`);
  }
  return `${lines.join('\n')}\n`;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function tracked(slug: string): Promise<void> {
  await until(`plan ${slug}`, async () => (await fetch(`${server.url}/plans/${slug}/items`)).status === 200);
}

/** A tick as the page's fetcher sends it. */
async function tick(slug: string, key: string, status = 'done'): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.url}/plans/${slug}/items?_data=${encodeURIComponent('routes/plans.$slug.items')}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new URLSearchParams({ intent: 'set-status', key, status }).toString(),
  });
  return { status: res.status, text: await res.text() };
}

function noInternals(text: string): void {
  expect(text).not.toMatch(/select |insert |update |Failed query|params:|\n\s+at /i);
}

beforeAll(async () => {
  buildApp();
  plansDir = mkdtempSync(path.join(tmpdir(), 'tickmark-hard-plans-'));
  outsideDir = mkdtempSync(path.join(tmpdir(), 'tickmark-hard-outside-'));
  writeFileSync(path.join(plansDir, 'arrows.md'), arrowPlan('ARW', 120));
  writeFileSync(path.join(plansDir, 'locked.md'), arrowPlan('LCK', 3));
  writeFileSync(path.join(plansDir, 'saving.md'), arrowPlan('SAV', 5));
  writeFileSync(path.join(outsideDir, 'elsewhere.md'), arrowPlan('OUT', 3));
  writeFileSync(path.join(plansDir, 'linked.md'), arrowPlan('OUT', 3));
  server = await startServer({ plansDir });
  for (const slug of ['arrows', 'locked', 'saving', 'linked']) await tracked(slug);
});

afterAll(async () => {
  await server?.stop();
  for (const dir of [plansDir, outsideDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the items page holds no NUL byte where arrows cross React’s 2 kB views', async () => {
  const bytes = Buffer.from(await (await fetch(`${server.url}/plans/arrows/items`)).arrayBuffer());
  expect(bytes.toString('utf8')).toContain('→→→→');
  expect(bytes.length).toBeGreaterThan(20 * 2048);
  expect(bytes.indexOf(0)).toBe(-1);
});

test('a control character in the address answers 400 with a sentence, not 500', async () => {
  for (const url of ['/plans/arr%00ows', '/plans/arrows/items?q=%00', '/plans/arrows/items_/ARW%01-001']) {
    const res = await fetch(server.url + url);
    const text = await res.text();
    expect(res.status, url).toBe(400);
    expect(text).toContain('control character');
    noInternals(text);
  }
});

test('a key with NUL in a form answers 400 and never shows the query or its parameters', async () => {
  const r = await tick('arrows', 'X\u0000');
  expect(r.status).toBe(400);
  expect(r.text).toContain('control character');
  noInternals(r.text);
});

test('a body that is not a form answers 415 or 400 with a sentence, not 500, and changes nothing', async () => {
  const file = path.join(plansDir, 'arrows.md');
  const before = readFileSync(file);
  const cases: { url: string; type?: string; body?: string; status: number; says: string }[] = [
    { url: '/plans/arrows/items', type: 'application/json', body: '{"intent":', status: 415, says: 'Send a form here' },
    { url: '/plans/arrows/items', status: 415, says: 'Send a form here' }, // no body, no Content-Type
    { url: '/plans/arrows/reports', type: 'text/plain', body: 'x', status: 415, says: 'Send a form here' },
    { url: '/plans/arrows?index', type: 'application/json', body: '{}', status: 415, says: 'Send a form here' },
    { url: '/plans/arrows/undo', type: 'application/json', body: '{}', status: 415, says: 'Send a form here' },
    { url: '/sign-in', type: 'application/json', body: '{}', status: 415, says: 'Send a form here' },
    { url: '/sources', type: 'application/json', body: '{}', status: 415, says: 'Send a form here' },
    { url: '/plans/arrows/curriculum', type: 'application/json', body: '{}', status: 415, says: 'Send a form here' },
    {
      url: '/plans/arrows/items',
      type: 'multipart/form-data; boundary=zz',
      body: 'not a multipart body',
      status: 400,
      says: 'could not be read',
    },
  ];
  for (const c of cases) {
    const res = await fetch(server.url + c.url, {
      method: 'POST',
      headers: { Origin: server.url, ...(c.type ? { 'Content-Type': c.type } : {}) },
      body: c.body,
    });
    const text = await res.text();
    expect(res.status, `${c.url} ${c.type}`).toBe(c.status);
    expect(text).toContain(c.says);
    noInternals(text);
  }
  expect(readFileSync(file).equals(before)).toBe(true);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
});

test('bodies over the limit answer 413 (411 without a length), and the server stays up', async () => {
  const big = 'intent=set-status&key=ARW-001&status=done&pad=' + 'x'.repeat(300 * 1024);
  const res = await fetch(`${server.url}/plans/arrows/items`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: big,
  });
  expect(res.status).toBe(413);
  expect(await res.text()).toContain('256 kB');
  const chunked = await fetch(`${server.url}/plans/arrows/items`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new Blob(['intent=set-status']).stream(),
    duplex: 'half',
  } as RequestInit);
  expect(chunked.status).toBe(411);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  // A form of ordinary size still goes through.
  expect((await tick('arrows', 'ARW-001')).status).toBeLessThan(300);
});

test('a symlink out of the plans folder is not written through', async () => {
  // A tracked plan replaced by a link to a file elsewhere (the folder scan itself skips links).
  const outside = path.join(outsideDir, 'elsewhere.md');
  rmSync(path.join(plansDir, 'linked.md'));
  symlinkSync(outside, path.join(plansDir, 'linked.md'));
  const before = readFileSync(outside, 'utf8');
  const r = await tick('linked', 'OUT-001');
  expect(r.status).toBe(409);
  expect(r.text).toContain('outside the plans folder');
  expect(readFileSync(outside, 'utf8')).toBe(before);
});

test('a read-only plan is refused with a message, not rewritten', async () => {
  const file = path.join(plansDir, 'locked.md');
  const before = readFileSync(file, 'utf8');
  chmodSync(file, 0o444);
  try {
    const r = await tick('locked', 'LCK-001');
    expect(r.status).toBe(409);
    expect(r.text).toContain('read-only');
    expect(readFileSync(file, 'utf8')).toBe(before);
  } finally {
    chmodSync(file, 0o644);
  }
});

test('a tick while the file is empty (an editor saving) keeps the items and says why', async () => {
  const file = path.join(plansDir, 'saving.md');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, '');
  const r = await tick('saving', 'SAV-002');
  expect(r.status).toBe(409);
  expect(r.text).toContain('is empty');
  expect(r.text).not.toContain('has no item');
  writeFileSync(file, text);
  // Every item is still there, open, and the tick works once the file is back.
  const items = await (await fetch(`${server.url}/plans/saving/items`)).text();
  for (let i = 1; i <= 5; i++) expect(items).toContain(`SAV-00${i}`);
  expect(await until('tick after save', async () => (await tick('saving', 'SAV-002')).status < 300)).toBe(true);
  expect(readFileSync(file, 'utf8')).toMatch(/- \[[xX]\] \*\*SAV-002\*\*/);
});

test('a file that fails to import is listed on the dashboard, and logged, with the reason', async () => {
  writeFileSync(path.join(plansDir, 'garbage.md'), Buffer.from([0x23, 0x20, 0x00, 0xff, 0xfe, 0x00, 0x0a]));
  const html = await until('the failure on the index', async () => {
    const page = await (await fetch(`${server.url}/`)).text();
    return page.includes('garbage.md') && page.includes('Not imported') ? page : null;
  });
  expect(html).toMatch(/NUL|binary|not a text/i);
  expect(server.output()).toMatch(/garbage\.md: .*(NUL|binary|not a text)/i);
  rmSync(path.join(plansDir, 'garbage.md'));
  await until('the failure gone', async () => !(await (await fetch(`${server.url}/`)).text()).includes('garbage.md'));
});

test('a plan nested 1,000 levels deep imports with a diagnostic while /healthz keeps answering', async () => {
  const lines = ['# Deep plan', '', '## Phase 1: Deep', ''];
  for (let i = 0; i < 1000; i++) lines.push(`${'  '.repeat(i)}- [ ] **DEEP-${String(i + 1).padStart(4, '0')}**: level`);
  writeFileSync(path.join(plansDir, 'deep.md'), `${lines.join('\n')}\n`);
  let answered = 0;
  await until('the deep plan', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    answered++;
    return (await fetch(`${server.url}/plans/deep/items`)).status === 200;
  });
  expect(answered).toBeGreaterThan(0);
  const overview = await (await fetch(`${server.url}/plans/deep`)).text();
  expect(overview).toContain('nested deeper than 100 levels');
});
