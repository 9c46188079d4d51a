// Signing in, in a real browser (issue 13): a contributor signs in, unticks an item and finds their name in
// its history, signs out. Each role sees only the controls it can use: a viewer reads the plan with no
// checkbox, menu or form (a forged post is still refused and writes nothing), a contributor ticks but gets no
// structure, date, Undo-of-structure or Append controls. Pages are photographed at 1280 and 390 px (test-results/).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../helpers/browser';
import { buildApp, ROOT, startServer, type RunningServer } from '../../helpers/server';
import { tickmark } from '../../helpers/cli';

const SEED = path.join(ROOT, 'tests/fixtures/seed/input.md');
const SHOTS = path.join(ROOT, 'test-results');
const PASSWORDS = { alice: 'alice-pass-123', victor: 'viewer-pass-123', lena: 'lead-pass-1234' };

let server: RunningServer;
let browser: Browser;
let plansDir: string;
let planPath: string;
let slug: string;

beforeAll(async () => {
  buildApp();
  plansDir = mkdtempSync(path.join(tmpdir(), 'tm-auth-browser-'));
  planPath = path.join(plansDir, 'plan.md');
  copyFileSync(SEED, planPath);
  server = await startServer({
    plansDir,
    prepare: async (env) => {
      for (const [name, role] of [
        ['alice', 'contributor'],
        ['victor', 'viewer'],
        ['lena', 'lead'],
      ] as const) {
        const r = await tickmark(['user', 'add', name, '--role', role], env, `${PASSWORDS[name]}\n`);
        expect(r.code, r.stderr).toBe(0);
      }
    },
  });
  browser = await launchChromium({ args: ['--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  mkdirSync(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (plansDir) rmSync(plansDir, { recursive: true, force: true });
});

async function newPage(width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // A script the Content-Security-Policy blocked would show here.
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  (page as Page & { errors: string[] }).errors = errors;
  return page;
}

async function signIn(page: Page, name: keyof typeof PASSWORDS): Promise<void> {
  await page.goto(server.url);
  await page.waitForURL(/\/sign-in\?next=/);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORDS[name]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
  await expect.poll(() => page.locator('.signed-in').innerText()).toContain(name);
  if (!slug) {
    const href = await page.locator('.plan-card h2 a').first().getAttribute('href');
    slug = decodeURIComponent(href!.split('/').pop()!);
  }
}

const tick = (page: Page, key: string) =>
  page.locator(`tr[data-key="${key}"]`).getByRole('checkbox', { name: / done$/ });

it('shows the sign-in page on a desktop and a phone, and says when the password is wrong', async () => {
  const page = await newPage();
  await page.goto(server.url);
  await page.waitForURL(/\/sign-in/);
  await page.screenshot({ path: path.join(SHOTS, 'sign-in.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  const box = await page.locator('.sign-in-card').boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: path.join(SHOTS, 'sign-in-phone.png'), fullPage: true });
  await page.getByLabel('User name').fill('alice');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByRole('alert').innerText()).toContain('Wrong user name or password');
  expect((page as Page & { errors: string[] }).errors).toEqual([]);
  await page.context().close();
});

it('lets a contributor untick an item, shows their name in its history, and signs them out', async () => {
  const page = await newPage();
  await signIn(page, 'alice');
  await page.goto(`${server.url}/plans/${slug}/items`);
  await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
  await expect.poll(() => tick(page, 'CACHE-003').getAttribute('aria-checked')).toBe('true');
  await tick(page, 'CACHE-003').click();
  await expect.poll(() => readFileSync(planPath, 'utf8'), { timeout: 15_000 }).toMatch(/^- \[ \] \*\*CACHE-003\*\*/m);
  await page.goto(`${server.url}/plans/${slug}/items/CACHE-003`);
  const newest = page.getByTestId('history').locator('tbody tr').first();
  await expect.poll(() => newest.innerText()).toContain('alice');
  expect((page as Page & { errors: string[] }).errors).toEqual([]);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
  await page.goto(`${server.url}/plans/${slug}/items`);
  await page.waitForURL(/\/sign-in\?next=/);
  await page.context().close();
});

/** What a page offers to change, counted: the controls each role should (not) see. */
async function controls(page: Page) {
  const count = (selector: string) => page.locator(selector).count();
  return {
    ticks: await page.getByRole('checkbox', { name: / done$/ }).count(),
    statusMenus: await count('.status-control select'),
    postForms: await count('form[method="post" i]:not([action="/sign-out"])'),
    structureTools: await count('[data-testid="structure-tools"]'),
    sectionAdds: await count('[data-testid="section-add"]'),
    selectBoxes: await count('input[name="keys"]'),
    moveButtons: await count('.move-buttons'),
    undo: await page.getByRole('button', { name: 'Undo' }).count(),
  };
}

it('shows a viewer the plan read-only: no checkbox, menu or form anywhere; a forged tick is still refused', async () => {
  // A lead's change first, so the plan frame has a last change a viewer must not be offered to undo.
  const lead = await newPage();
  await signIn(lead, 'lena');
  await lead.goto(`${server.url}/plans/${slug}/items`);
  await lead.waitForSelector('html[data-hydrated]', { state: 'attached' });
  const asLead = await controls(lead);
  expect(asLead.structureTools).toBe(1);
  expect(asLead.sectionAdds).toBeGreaterThan(0);
  expect(asLead.selectBoxes).toBeGreaterThan(0);
  await lead.goto(`${server.url}/plans/${slug}`);
  await lead.waitForSelector('html[data-hydrated]', { state: 'attached' });
  await lead.locator('.dates-form input[name="targetDate"]').fill('2031-01-31');
  await lead.getByRole('button', { name: 'Save dates' }).click();
  await expect.poll(() => readFileSync(planPath, 'utf8'), { timeout: 15_000 }).toContain('2031-01-31');
  await expect.poll(() => lead.getByRole('button', { name: 'Undo' }).count(), { timeout: 15_000 }).toBe(1);
  await lead.context().close();

  const page = await newPage();
  await signIn(page, 'victor');
  const before = readFileSync(planPath, 'utf8');
  for (const where of ['', '/items', '/items/CACHE-004', '/reports', '/curriculum']) {
    await page.goto(`${server.url}/plans/${slug}${where}`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    expect(await controls(page), where || 'overview').toEqual({
      ticks: 0,
      statusMenus: 0,
      postForms: 0,
      structureTools: 0,
      sectionAdds: 0,
      selectBoxes: 0,
      moveButtons: 0,
      undo: 0,
    });
    await expect.poll(() => page.getByTestId('read-only').innerText()).toContain('You are a viewer');
  }
  await page.goto(`${server.url}/plans/${slug}/items`);
  const row = page.locator('tr[data-key="CACHE-004"]');
  expect(await row.locator('.badge').innerText()).toBe('Done');
  await page.screenshot({ path: path.join(SHOTS, 'items-viewer.png'), fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  const table = await page.getByTestId('items').boundingBox();
  expect(table!.x).toBeGreaterThanOrEqual(0);
  await page.screenshot({ path: path.join(SHOTS, 'items-viewer-phone.png'), fullPage: false });

  // The server still refuses what the page no longer offers: a viewer's tick posted by hand, token and all.
  const csrf = await page.evaluate(async () => {
    const r = await fetch('/?_data=root');
    return ((await r.json()) as { csrf: string }).csrf;
  });
  const answer = await page.request.post(`${server.url}/plans/${slug}/items`, {
    form: { intent: 'set-status', key: 'CACHE-004', status: 'todo', _csrf: csrf },
    headers: { Origin: server.url },
  });
  expect(answer.status()).toBe(403);
  expect(readFileSync(planPath, 'utf8')).toBe(before);
  expect((page as Page & { errors: string[] }).errors).toEqual([]);
  await page.context().close();
});

it('gives a contributor status controls but no structure, date, Append or Undo-of-structure controls', async () => {
  const page = await newPage();
  await signIn(page, 'alice');
  await page.goto(`${server.url}/plans/${slug}/items`);
  await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
  const items = await controls(page);
  expect(items.ticks).toBeGreaterThan(0);
  expect(items.statusMenus).toBe(items.ticks);
  expect(items).toMatchObject({ structureTools: 0, sectionAdds: 0, selectBoxes: 0, moveButtons: 0 });
  expect(await page.getByTestId('read-only').count()).toBe(0);
  await page.screenshot({ path: path.join(SHOTS, 'items-contributor.png'), fullPage: false });

  await page.goto(`${server.url}/plans/${slug}/items/CACHE-004`);
  expect(await page.getByTestId('note-form').count()).toBe(1);
  expect(await page.getByRole('button', { name: 'Save title and description' }).count()).toBe(0);
  expect(await page.locator('.shape-forms').count()).toBe(0);

  await page.goto(`${server.url}/plans/${slug}`);
  expect(await page.locator('.dates-form').count()).toBe(0);
  expect(await page.getByTestId('structure-tools').count()).toBe(0);
  expect(await page.getByTestId('section-add').count()).toBe(0);
  // A section's Add item posted by hand, form token and all, is still a lead's: 403, nothing written.
  const unchanged = readFileSync(planPath, 'utf8');
  const csrf = await page.evaluate(async () => {
    const r = await fetch('/?_data=root');
    return ((await r.json()) as { csrf: string }).csrf;
  });
  for (const where of ['?index', '/items']) {
    const forged = await page.request.post(`${server.url}/plans/${slug}${where}`, {
      form: { intent: 'add-item', origin: 'section', to: 'section:1.1', title: 'Sneaked in', _csrf: csrf },
      headers: { Origin: server.url },
    });
    expect(forged.status(), where).toBe(403);
  }
  expect(readFileSync(planPath, 'utf8')).toBe(unchanged);
  await page.goto(`${server.url}/plans/${slug}/reports`);
  expect(await page.getByRole('button', { name: 'Append to the plan' }).count()).toBe(0);

  // The lead's date change is not theirs to undo; their own tick is, and the Undo button comes back for it.
  await page.goto(`${server.url}/plans/${slug}/items`);
  await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
  expect(await page.getByTestId('last-change').innerText()).toContain('lena');
  expect(await page.getByRole('button', { name: 'Undo' }).count()).toBe(0);
  await tick(page, 'CACHE-004').click();
  await expect.poll(() => page.getByRole('button', { name: 'Undo' }).count(), { timeout: 15_000 }).toBe(1);

  // Who did what: the plan's feed and the all-plans feed credit each change to its user, newest first.
  await page.goto(`${server.url}/plans/${slug}/activity`);
  const rows = page.getByTestId('activity').locator('tbody tr');
  await expect.poll(() => rows.first().innerText()).toMatch(/alice\s+Dashboard\s+CACHE-004 done → todo/);
  expect(await rows.nth(1).innerText()).toMatch(/lena\s+Dashboard\s+.*2031-01-31/);
  await page.screenshot({ path: path.join(SHOTS, 'activity.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: path.join(SHOTS, 'activity-phone.png'), fullPage: true });
  // A page past the oldest says so and leads back to the newest.
  await page.goto(`${server.url}/plans/${slug}/activity?page=999`);
  expect(await page.getByTestId('activity-empty').innerText()).toBe('No older changes. ← Newest');
  await page.getByRole('link', { name: '← Newest' }).click();
  await expect.poll(() => rows.first().innerText()).toContain('CACHE-004 done → todo'); // (a phone's cards)
  await page.goto(`${server.url}/activity`);
  expect(await page.getByTestId('activity').locator('tbody tr').first().innerText()).toContain('alice');
  expect((page as Page & { errors: string[] }).errors).toEqual([]);
  await page.context().close();
});
