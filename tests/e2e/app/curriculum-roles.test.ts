// Curriculum planning is a lead's (issue 12 with issue 13's roles): a viewer, a contributor and a user whose
// per-plan role is lower than their global one see no planning control — generate, merge apply, Add to plan,
// link confirm / remove / link — and each of those actions, forged by hand with the session's valid form
// token, answers 403 and writes nothing. A per-plan lead gets the plan's controls but not /sources' create.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../helpers/browser';
import { buildApp, ROOT, startServer, type RunningServer } from '../../helpers/server';
import { tickmark } from '../../helpers/cli';

const CORPUS = path.join(ROOT, 'tests/fixtures/corpus/dd-sdlc-ai');
const SHOTS = path.join(ROOT, 'test-results');
const SLUG = 'system-design-gap-plan';
const PASSWORD = 'pass-word-1234';
/** Global role, and the role on the example plan where it differs. */
const USERS = {
  lena: ['lead', null],
  alice: ['contributor', null],
  victor: ['viewer', null],
  pat: ['lead', 'viewer'],
  carl: ['contributor', 'lead'],
} as const;
type Name = keyof typeof USERS;

let server: RunningServer;
let browser: Browser;
let plansDir: string;
let planFile: string;

beforeAll(async () => {
  buildApp();
  plansDir = mkdtempSync(path.join(tmpdir(), 'tm-curriculum-roles-'));
  planFile = path.join(plansDir, `${SLUG}.md`);
  copyFileSync(path.join(CORPUS, 'implementation-plan.md'), planFile);
  for (const n of [1, 2, 3, 4, 5]) {
    copyFileSync(path.join(CORPUS, `part_${n}_gap_analysis.md`), path.join(plansDir, `part_${n}_gap_analysis.md`));
  }
  server = await startServer({
    plansDir,
    prepare: async (env) => {
      const synced = await tickmark(['sync'], { ...env, PLANS_DIR: plansDir });
      expect(synced.code, synced.stderr).toBe(0);
      for (const [name, [role, onPlan]] of Object.entries(USERS)) {
        const added = await tickmark(['user', 'add', name, '--role', role], env, `${PASSWORD}\n`);
        expect(added.code, added.stderr).toBe(0);
        if (!onPlan) continue;
        const perPlan = await tickmark(['user', 'role', name, onPlan, '--plan', SLUG], env);
        expect(perPlan.code, perPlan.stderr).toBe(0);
      }
    },
  });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (plansDir) rmSync(plansDir, { recursive: true, force: true });
});

async function signedIn(name: Name, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return page;
}

/** The planning controls a page offers, counted (each should be 0 for anyone but a lead on the plan). */
async function planningControls(page: Page) {
  const intent = (names: string[]) =>
    page.locator(names.map((n) => `form[method="post" i] input[name="intent"][value="${n}"]`).join(', ')).count();
  return {
    linkForms: await intent(['link', 'unlink', 'confirm-link']),
    mergeForms: await intent(['merge-topics']),
    addTopicForms: await intent(['add-topic']),
    createPlan: await page.getByRole('button', { name: 'Create the plan' }).count(),
  };
}
const NONE = { linkForms: 0, mergeForms: 0, addTopicForms: 0, createPlan: 0 };

/** Every page with a planning control, in the state that shows it (a merge preview, a plan preview). */
const PAGES = {
  // One source's merge preview: all five's runs the engine over some 250 new items (slow, see the report).
  curriculum: `/plans/${SLUG}/curriculum?preview=1&merge=part_2_gap_analysis.md`,
  item: `/plans/${SLUG}/items/CACHE-001`,
  sources: `/sources?preview=1&source=${encodeURIComponent('part_1_gap_analysis.md')}&include=MISSING&include=PARTIAL`,
};

async function visit(page: Page, where: keyof typeof PAGES) {
  await page.goto(server.url + PAGES[where]);
  return planningControls(page);
}

/** The planning actions, each posted by hand as the signed-in user with the session's valid form token. */
async function forgeEach(page: Page, only?: string[]): Promise<Record<string, number>> {
  const csrf = await page.evaluate(async () => {
    const r = await fetch('/?_data=root');
    return ((await r.json()) as { csrf: string }).csrf;
  });
  const curriculum = `${server.url}/plans/${SLUG}/curriculum`;
  const posts: Record<string, [string, Record<string, string>]> = {
    generate: [
      `${server.url}/sources`,
      { source: 'part_1_gap_analysis.md', include: 'MISSING', name: 'forged-plan.md' },
    ],
    'merge apply': [curriculum, { intent: 'merge-topics', topics: 'part_1_gap_analysis.md#30' }],
    'add to plan': [curriculum, { intent: 'add-topic', file: 'part_1_gap_analysis.md', line: '30' }],
    'link confirm': [curriculum, { intent: 'confirm-link', id: 'CACHE-001', seen: '' }],
    'link remove': [curriculum, { intent: 'unlink', id: 'CACHE-001', topic: 'part_1_gap_analysis.md#30' }],
    'link add': [curriculum, { intent: 'link', id: 'CACHE-002', topic: 'part_1_gap_analysis.md#30' }],
    'link from item page': [
      `${server.url}/plans/${SLUG}/items/CACHE-002`,
      { intent: 'link', id: 'CACHE-002', topic: 'part_1_gap_analysis.md#30' },
    ],
  };
  const statuses: Record<string, number> = {};
  for (const [what, [url, form]] of Object.entries(posts)) {
    if (only && !only.includes(what)) continue;
    const answer = await page.request.post(url, {
      form: { ...form, _csrf: csrf },
      headers: { Origin: server.url },
      maxRedirects: 0,
    });
    statuses[what] = answer.status();
  }
  return statuses;
}

const plansFolder = () => readdirSync(plansDir).sort();

describe.each(['victor', 'alice', 'pat'] as const)('%s (not a lead on the plan)', (name) => {
  it('sees no planning control, and every forged planning post gets 403 and writes nothing', async () => {
    const page = await signedIn(name);
    const isGlobalLead = USERS[name][0] === 'lead';
    expect(await visit(page, 'curriculum')).toEqual(NONE);
    // The merge preview itself is reading: shown to everyone, without its Apply button.
    expect(await page.getByTestId('merge-preview').count()).toBe(1);
    expect(await visit(page, 'item')).toEqual(NONE);
    expect(await page.getByLabel('Link to a topic').count()).toBe(0);
    // /sources answers to the global role: pat (a lead, viewer on this plan only) may create plans there.
    expect(await visit(page, 'sources')).toEqual({ ...NONE, createPlan: isGlobalLead ? 1 : 0 });
    expect(await page.getByTestId('plan-preview').count()).toBe(1);

    const plan = readFileSync(planFile, 'utf8');
    const folder = plansFolder();
    const statuses = await forgeEach(page);
    const onPlan = Object.fromEntries(Object.keys(statuses).map((k) => [k, 403]));
    expect(statuses).toEqual(isGlobalLead ? { ...onPlan, generate: 303 } : onPlan);
    expect(readFileSync(planFile, 'utf8')).toBe(plan);
    if (isGlobalLead) {
      expect(existsSync(path.join(plansDir, 'forged-plan.md'))).toBe(true);
      rmSync(path.join(plansDir, 'forged-plan.md'));
    }
    expect(plansFolder()).toEqual(folder);
    await page.context().close();
  });
});

it('gives a per-plan lead the plan’s planning controls, but not /sources’ create (a global contributor)', async () => {
  const page = await signedIn('carl');
  const curriculum = await visit(page, 'curriculum');
  expect(curriculum.linkForms).toBeGreaterThan(0);
  expect(curriculum.addTopicForms).toBeGreaterThan(0);
  expect((await visit(page, 'item')).linkForms).toBeGreaterThan(0);
  expect(await visit(page, 'sources')).toEqual(NONE);
  expect(await page.getByText('A lead creates the plan from this preview.').count()).toBe(1);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `sources-preview-not-lead-${width}.png`), fullPage: false });
  }
  const folder = plansFolder();
  // Only generate: the plan's own actions are carl's to take there.
  expect(await forgeEach(page, ['generate'])).toEqual({ generate: 403 });
  expect(plansFolder()).toEqual(folder);
  await page.context().close();
});

it('lets a lead confirm a link (one change under their name) that a contributor is not offered to undo', async () => {
  const lead = await signedIn('lena');
  await lead.goto(`${server.url}/plans/${SLUG}/curriculum`);
  const row = lead.getByTestId('links-table').locator('tbody tr', { hasText: 'CACHE-003' });
  await row.getByRole('button', { name: 'Confirm CACHE-003’s links' }).click();
  await expect.poll(() => readFileSync(planFile, 'utf8'), { timeout: 15_000 }).toMatch(/^\| CACHE-003 \|/m);
  await expect.poll(() => lead.locator('.undo-bar').innerText(), { timeout: 15_000 }).toContain('lena');
  await lead.context().close();

  const page = await signedIn('alice');
  await page.goto(`${server.url}/plans/${SLUG}/curriculum`);
  expect(await page.getByRole('button', { name: 'Undo' }).count()).toBe(0);
  expect(await page.getByTestId('last-change').innerText()).toContain('confirmed CACHE-003’s links (lena)');
  const before = readFileSync(planFile, 'utf8');
  const csrf = await page.evaluate(async () => {
    const r = await fetch('/?_data=root');
    return ((await r.json()) as { csrf: string }).csrf;
  });
  const undo = await page.request.post(`${server.url}/plans/${SLUG}/undo`, {
    form: { _csrf: csrf },
    headers: { Origin: server.url },
    maxRedirects: 0,
  });
  expect(undo.status()).toBe(403);
  expect(readFileSync(planFile, 'utf8')).toBe(before);
  await page.context().close();
});
