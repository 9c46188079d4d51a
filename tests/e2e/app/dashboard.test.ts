// The dashboard in a real browser (Debian's chromium through playwright-core) against the real built server,
// a temp copy of the seed plan, and a database of its own. Screenshots go to test-results/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../helpers/browser';
import { buildApp, ROOT, startServer, type RunningServer } from '../../helpers/server';

const SEED = path.join(ROOT, 'tests/fixtures/seed/input.md');
const PLAN_FILE = 'system-design-gap-plan.md';
const SHOTS = path.join(ROOT, 'test-results');

let server: RunningServer;
let browser: Browser;
let plansDir: string;
let planPath: string;
let slug: string;
const seedText = readFileSync(SEED, 'utf8');

beforeAll(async () => {
  buildApp();
  plansDir = mkdtempSync(path.join(tmpdir(), 'tickmark-e2e-plans-'));
  planPath = path.join(plansDir, PLAN_FILE);
  copyFileSync(SEED, planPath);
  server = await startServer({ plansDir });
  browser = await launchChromium({
    args: [
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  mkdirSync(SHOTS, { recursive: true });
  // The plans index links to the plan: learn its slug the way a user would.
  const page = await browser.newPage();
  await page.goto(server.url);
  const href = await page.locator('.plan-card h2 a').first().getAttribute('href');
  slug = decodeURIComponent(href!.split('/').pop()!);
  await page.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (plansDir) rmSync(plansDir, { recursive: true, force: true });
});

async function newPage(opts: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    viewport: { width: opts.width ?? 1280, height: 900 },
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  if (opts.javaScriptEnabled !== false) {
    // Every navigation waits for hydration: a click before it would post the no-JS form and race the test.
    const goto = page.goto.bind(page);
    page.goto = async (url, options) => {
      const response = await goto(url, options);
      await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
      return response;
    };
  }
  return page;
}

/** Polls until `read()` returns something `ok` accepts (file changes land asynchronously). */
async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > end)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${String(last).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

const itemRow = (page: Page, key: string) => page.locator(`tr[data-key="${key}"]`);
// The row's tick (its selection box, for bulk changes, is a checkbox too).
const tick = (page: Page, key: string) => itemRow(page, key).getByRole('checkbox', { name: / done$/ });

describe('plans index', () => {
  it('lists the seed plan with its counted progress', async () => {
    const page = await newPage();
    await page.goto(server.url);
    const card = page.locator('.plan-card').first();
    await expectText(card, 'System Design Gap Implementation Plan');
    // 128 items in the document, all done.
    await expectText(card, '128 of 128 done');
    expect(await card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    // The plan's own Last Updated ("January 4, 2026"), not the time Tickmark imported it.
    expect(await card.getByTestId('card-updated').innerText()).toBe('2026-01-04');
    await page.context().close();
  });
});

describe('overview', () => {
  it('shows counted numbers beside the stated ones and draws the burndown', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/plans/${slug}`);
    const summary = page.getByTestId('summary');
    // Counted 56/41/31 = 128 items; the document states 55/45/31 = 131.
    const total = summary.locator('tr[data-phase="total"]');
    expect(await total.locator('td').first().innerText()).toMatch(/^128\s*doc 131$/);
    const rows = summary.locator('tbody tr');
    expect(await rows.nth(0).locator('td').first().innerText()).toMatch(/^56\s*doc 55$/);
    expect(await rows.nth(1).locator('td').first().innerText()).toMatch(/^41\s*doc 45$/);
    // Phase 3 agrees with its stated number: no "doc" beside it.
    expect((await rows.nth(2).locator('td').first().innerText()).trim()).toBe('31');

    // The canvas holds the blue "remaining" line and fill: count its pixels.
    const canvas = page.getByTestId('burndown');
    await canvas.waitFor();
    const blue = await canvas.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i + 2] > data[i] + 60) n++;
      return n;
    });
    expect(blue).toBeGreaterThan(200);
    // The x-axis spans the plan's days of work (its log runs 2026-01-02 to 01-04; it is finished), not the
    // months to today: the remaining area covers most of the canvas's width, not a sliver at its left edge.
    expect(await canvas.getAttribute('data-range')).toBe('2026-01-01/2026-01-04');
    const blueColumns = await canvas.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const columns = new Set<number>();
      for (let i = 0; i < data.length; i += 4)
        if (data[i + 3] > 0 && data[i + 2] > data[i] + 60) columns.add((i / 4) % c.width);
      return columns.size / c.width;
    });
    expect(blueColumns).toBeGreaterThan(0.6);
    // Each day's value holds until the next change: on the last day of work (01-03, 85 % across) 31 items
    // still remain, so the fill there is tall; drawn a day early it would be the bare zero line.
    const lastDayFill = await canvas.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const blueAt = (x: number, y: number) => {
        const i = (y * c.width + x) * 4;
        return data[i + 3] > 0 && data[i + 2] > data[i] + 60;
      };
      let left = c.width;
      let right = 0;
      for (let x = 0; x < c.width; x++)
        for (let y = 0; y < c.height; y++)
          if (blueAt(x, y)) {
            left = Math.min(left, x);
            right = Math.max(right, x);
          }
      const x = Math.round(left + 0.85 * (right - left));
      let n = 0;
      for (let y = 0; y < c.height; y++) if (blueAt(x, y)) n++;
      return n / c.height;
    });
    expect(lastDayFill).toBeGreaterThan(0.08);
    await expectText(page.getByTestId('burndown-note'), 'History starts on 2026-01-02');

    // The mojibake diagnostic and its repair, behind a confirmation.
    await expectText(page.getByTestId('diagnostics'), 'mojibake');
    await page.screenshot({ path: path.join(SHOTS, 'overview.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, 'overview-phone.png'), fullPage: true });
    await page.context().close();
  });
});

describe('burndown per phase', () => {
  it('draws a line per phase on demand, says where the history comes from, and works without JavaScript', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/plans/${slug}`);
    const canvas = page.getByTestId('burndown');
    await canvas.waitFor();
    // The temp plans folder is outside git: the chart says its history starts at the first import.
    await expectText(
      page.getByTestId('burndown-note'),
      'not in a git repository, so its history starts at its first import',
    );
    const lines = Number(await canvas.getAttribute('data-lines'));
    await page.getByTestId('per-phase-toggle').click();
    await page.waitForURL(/lines=phases/);
    // One more line for each of the plan's three phases, and their columns in the table view.
    await eventually(
      () => canvas.getAttribute('data-lines'),
      (n) => Number(n) === lines + 3,
    );
    const heads = await page.locator('.chart-table th').allTextContents();
    expect(heads).toEqual(['Day', 'Scope', 'Done', 'Remaining', 'Phase 1', 'Phase 2', 'Phase 3']);
    // Every phase is done at the end: the last row's phase columns are 0, and they add up to the total before.
    const first = await page.locator('.chart-table tbody tr').first().locator('td').allTextContents();
    expect(Number(first[4]) + Number(first[5]) + Number(first[6])).toBe(Number(first[3]));
    const last = await page.locator('.chart-table tbody tr').last().locator('td').allTextContents();
    expect(last.slice(3)).toEqual(['0', '0', '0', '0']);
    await page.context().close();
    // Without JavaScript the control is a plain link to the same page with ?lines=phases.
    const plain = await newPage({ javaScriptEnabled: false });
    await plain.goto(`${server.url}/plans/${slug}`);
    await plain.getByTestId('per-phase-toggle').click();
    await plain.waitForURL(/lines=phases/);
    expect(await plain.locator('.chart-table th').allTextContents()).toContain('Phase 3');
    await plain.context().close();
  });
});

describe('items', () => {
  it('filters by ID prefix and status, kept in the URL', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/plans/${slug}/items`);
    await expectText(page.getByTestId('result-count'), 'of 128 items');
    await page.getByLabel('Category').selectOption('CACHE');
    await page.waitForURL(/prefix=CACHE/);
    const cacheIds = [...seedText.matchAll(/^- \[.\] \*\*(CACHE-\d+)\*\*/gm)].map((m) => m[1]);
    await eventually(
      () => page.locator('tbody tr').count(),
      (n) => n === cacheIds.length,
    );
    expect(await page.locator('tbody tr .col-id').allInnerTexts()).toEqual(cacheIds);

    await page.getByLabel('Status', { exact: true }).selectOption('todo');
    await page.waitForURL(/status=todo/);
    await expectText(page.getByTestId('result-count'), 'No items match.');
    expect(new URL(page.url()).searchParams.get('prefix')).toBe('CACHE');

    // A page past the end (an old link, a typed URL) says so and leads back to the last page.
    await page.goto(`${server.url}/plans/${slug}/items?page=99999`);
    await expectText(page.getByTestId('result-count'), 'There is no page 99,999: the last page is 2.');
    expect(await page.locator('tbody tr').count()).toBe(0);
    await page.getByRole('link', { name: '← Previous' }).click();
    await page.waitForURL(/page=2$/);
    await expectText(page.getByTestId('result-count'), '101–128 of 128 items');

    // The URL alone reproduces the view.
    await page.goto(`${server.url}/plans/${slug}/items?prefix=CACHE&status=done`);
    expect(await page.locator('tbody tr').count()).toBe(cacheIds.length);
    await page.goto(`${server.url}/plans/${slug}/items?q=bloom`);
    expect(await page.locator('tbody tr .col-id').allInnerTexts()).toEqual(['CACHE-002']);
    await page.goto(`${server.url}/plans/${slug}/items`);
    await page.screenshot({ path: path.join(SHOTS, 'items.png'), fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, 'items-phone.png'), fullPage: false });
    await page.context().close();
  });

  it('unticking an item changes exactly its checkbox and the bookkeeping in the file', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/plans/${slug}/items?prefix=CACHE`);
    const before = readFileSync(planPath, 'utf8');
    await tick(page, 'CACHE-001').click();
    // The box clears (optimistically, then for real); the file changes on disk.
    await eventually(
      () => tick(page, 'CACHE-001').getAttribute('aria-checked'),
      (v) => v === 'false',
      2000,
    );
    const after = await eventually(
      () => readFileSync(planPath, 'utf8'),
      (t) => t !== before,
    );
    // The page confirms the change is in the file (the fetcher gets the answer, not a redirect).
    await expectText(page.getByTestId('toast-info'), 'CACHE-001: To do, saved in the plan');
    const changed = changedLines(before, after);
    const itemLine = changed.find((c) => c.before.includes('**CACHE-001**'));
    expect(itemLine?.after).toBe(
      '- [ ] **CACHE-001**: Thunder Herd Problem - Diagram showing problem and solutions (locking, early expiration)',
    );
    // The summary is recounted from the items: phase 1 holds 56 items, 55 of them done now.
    expect(after).toContain('| Phase 1 (HIGH) | 56 | 55 | 0 | 1 |');
    expect(after).toMatch(/\| \*\*TOTAL\*\* \| \*\*128\*\* \| \*\*127\*\* \| \*\*0\*\* \| \*\*1\*\* \|/);
    // Nothing else moved: every other changed line is bookkeeping (summary, headings, dates, progress log).
    for (const c of changed) {
      if (c === itemLine) continue;
      expect(c.before + c.after).toMatch(/^\||\*\*Last Updated\*\*|\*\*Progress\*\*|^## Phase/m);
    }
    await eventually(
      () => page.getByTestId('live-state').innerText(),
      (t) => t.includes('Live'),
    );
    await page.context().close();
  });

  it('shows a change made to the file on disk without a reload', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/plans/${slug}/items?prefix=CACHE`);
    await eventually(
      () => page.getByTestId('live-state').innerText(),
      (t) => t.includes('Live'),
    );
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    expect(await tick(page, 'CACHE-002').getAttribute('aria-checked')).toBe('true');
    const text = readFileSync(planPath, 'utf8');
    writeFileSync(planPath, text.replace('- [x] **CACHE-002**', '- [/] **CACHE-002**'));
    const started = Date.now();
    await eventually(
      () => itemRow(page, 'CACHE-002').getAttribute('data-status'),
      (s) => s === 'in-progress',
      5000,
    );
    const elapsed = Date.now() - started;
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42); // same document
    console.log(`file edit visible in the page after ${elapsed} ms`);
    await page.context().close();
  });

  it('rolls back and explains when another page changed the same item first', async () => {
    const a = await newPage();
    const b = await newPage();
    // B hears nothing from the server, so it keeps the version it loaded: a stale page, as after a network drop.
    await b.route('**/events', (route) => route.abort());
    await a.goto(`${server.url}/plans/${slug}/items?prefix=CACHE`);
    await b.goto(`${server.url}/plans/${slug}/items?prefix=CACHE`);
    const before = readFileSync(planPath, 'utf8');

    await itemRow(a, 'CACHE-003').getByLabel('Status of CACHE-003').selectOption('in-progress');
    const afterA = await eventually(
      () => readFileSync(planPath, 'utf8'),
      (t) => t !== before,
    );
    expect(afterA).toMatch(/^- \[\/\] \*\*CACHE-003\*\*/m);

    await tick(b, 'CACHE-003').click(); // B still thinks CACHE-003 is done and unticks it
    const toast = b.getByTestId('toast-error');
    await toast.waitFor({ timeout: 10_000 });
    expect(await toast.innerText()).toMatch(/CACHE-003 was changed elsewhere \(it is now in-progress\)/);
    // Rolled back to the server's state, which is A's change; the file holds A's change only.
    await eventually(
      () => itemRow(b, 'CACHE-003').getAttribute('data-status'),
      (s) => s === 'in-progress',
    );
    expect(readFileSync(planPath, 'utf8')).toBe(afterA);
    await a.context().close();
    await b.context().close();
  });

  it('works without JavaScript: a plain form post, then the same page with the new state', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`${server.url}/plans/${slug}/items?prefix=CACHE`);
    const before = readFileSync(planPath, 'utf8');
    await tick(page, 'CACHE-004').click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).search).toBe('?prefix=CACHE');
    expect(await tick(page, 'CACHE-004').getAttribute('aria-checked')).toBe('false');
    expect(readFileSync(planPath, 'utf8')).not.toBe(before);
    expect(readFileSync(planPath, 'utf8')).toMatch(/^- \[ \] \*\*CACHE-004\*\*/m);
    await page.context().close();
  });

  it("records a change made with tickmark set in a terminal as the command line's, by its user", async () => {
    // On the embedded database the server holds it, so the CLI hands the change to the server; on a
    // PostgreSQL server the CLI records it itself. The history says the same either way.
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/tickmark.js'), 'set', planPath, 'CACHE-008', 'in-progress'],
      {
        cwd: ROOT,
        env: { ...process.env, ...server.env },
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/: set CACHE-008 done → in-progress \(\d+ edits; recorded in plan /);
    if (!server.env.DATABASE_URL) expect(run.stdout).toContain(`by the dashboard at ${server.url}`);
    expect(readFileSync(planPath, 'utf8')).toMatch(/^- \[\/\] \*\*CACHE-008\*\*/m);
    const page = await newPage();
    await page.goto(`${server.url}/plans/${slug}/items/CACHE-008`);
    const newest = page.getByTestId('history').locator('tbody tr').first();
    await expectText(newest, 'Done → In progress');
    await expectText(newest, 'Command line');
    await expectText(newest, userInfo().username);
    await page.context().close();
  });

  it('shows an item with its history', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/plans/${slug}/items/CACHE-001`);
    await expectText(page.locator('h2').first(), 'Thunder Herd Problem');
    const history = page.getByTestId('history');
    // Unticked in the dashboard (newest first), and completed on 2026-01-02 per the progress log.
    await expectText(history.locator('tbody tr').first(), 'Done → To do');
    await expectText(history.locator('tbody tr').first(), 'Dashboard');
    await expectText(history, '2026-01-02');
    await expectText(history, 'Progress log');
    await page.context().close();
  });
});

describe('keyboard and dates', () => {
  it('ticks with the keyboard alone', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/plans/${slug}/items?prefix=CACHE`);
    const before = readFileSync(planPath, 'utf8');
    await tick(page, 'CACHE-006').focus();
    await page.keyboard.press('Space');
    await eventually(
      () => readFileSync(planPath, 'utf8'),
      (t) => t !== before,
    );
    expect(readFileSync(planPath, 'utf8')).toMatch(/^- \[ \] \*\*CACHE-006\*\*/m);
    // The row's controls are written again with the new status (decision 052): the focus stays on its tick.
    await expectText(page.getByTestId('toast-info'), 'CACHE-006: To do, saved in the plan');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('CACHE-006 done');
    await page.context().close();
  });

  it('sets a target date, which draws the ideal line', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/plans/${slug}`);
    await page.getByLabel('Target', { exact: true }).fill('2026-12-31');
    await page.getByRole('button', { name: 'Save dates' }).click();
    await eventually(
      () => page.getByTestId('burndown').getAttribute('aria-label'),
      (l) => !!l?.includes('target 2026-12-31'),
    );
    expect(await page.getByLabel('Target', { exact: true }).inputValue()).toBe('2026-12-31');
    // Written into the document (so an editor's save keeps it), with a confirmation.
    expect(readFileSync(planPath, 'utf8')).toMatch(/^\*\*Target Date\*\*: 2026-12-31$/m);
    await expectText(page.locator('.banner'), 'Dates saved in the plan file.');
    await page.context().close();
  });
});

describe('undo', () => {
  it('takes back a tick from the dashboard, byte for byte', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/plans/${slug}/items?prefix=CACHE`);
    const before = readFileSync(planPath, 'utf8');
    const was = await tick(page, 'CACHE-003').getAttribute('aria-checked');
    await tick(page, 'CACHE-003').click();
    await eventually(
      () => readFileSync(planPath, 'utf8'),
      (t) => t !== before,
    );
    const undo = page.getByRole('button', { name: 'Undo' });
    await eventually(
      () =>
        page
          .locator('.undo-bar')
          .innerText()
          .catch(() => ''),
      (t) => t.includes('CACHE-003'),
    );
    await undo.click();
    await expectText(page.getByTestId('undo-answer'), 'Undone: CACHE-003');
    expect(readFileSync(planPath, 'utf8')).toBe(before);
    await eventually(
      () => tick(page, 'CACHE-003').getAttribute('aria-checked'),
      (v) => v === was,
    );
    await page.screenshot({ path: `${SHOTS}/undo-1280.png` });
    await page.context().close();
  });
});

describe('mojibake shown repaired', () => {
  it('shows item text and phase markers as they were meant, before the file is repaired', async () => {
    const text = readFileSync(planPath, 'utf8');
    const page = await newPage();
    await page.goto(`${server.url}/plans/${slug}/items?prefix=CACHE`);
    // The file itself still holds the damage; the page reads right.
    expect(text).toContain('Client â†’ CDN');
    await expectText(itemRow(page, 'CACHE-005'), 'Client → CDN');
    expect(await itemRow(page, 'CACHE-005').innerText()).not.toContain('â†’');
    await page.goto(`${server.url}/plans/${slug}`);
    expect(await page.locator('main, body').first().innerText()).not.toContain('âœ…');
    await page.context().close();
  });
});

describe('a document without items', () => {
  it('says that no checkbox items were found and what the document looks like', async () => {
    writeFileSync(
      path.join(plansDir, 'gap-analysis.md'),
      '# Gap analysis\n\n| Category | Gaps | Priority |\n|---|---|---|\n| Caching | 20 | HIGH |\n| Queues | 18 | MEDIUM |\n',
    );
    // The watcher imports the new file; then the page.
    await eventually(
      async () => (await fetch(`${server.url}/plans/gap-analysis`)).status,
      (status) => status === 200,
    );
    const page = await newPage();
    await page.goto(`${server.url}/plans/gap-analysis`);
    await expectText(page.getByTestId('no-items'), 'No checkbox items in this document');
    await expectText(page.getByTestId('no-items'), 'gap analysis');
    await page.context().close();
  });
});

describe('phone layout', () => {
  it('at 390 px no element is wider than the viewport (tables scroll inside their own box)', async () => {
    const page = await newPage({ width: 390 });
    for (const at of ['', '/items', '/items/CACHE-001']) {
      await page.goto(`${server.url}/plans/${slug}${at}`);
      const wide = await page.evaluate(() => {
        const out: string[] = [];
        const clipped = (el: Element | null): boolean => {
          for (let e = el; e && e !== document.body; e = e.parentElement) {
            const o = getComputedStyle(e).overflowX;
            if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
          }
          return false;
        };
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.right > window.innerWidth + 1 && !clipped(el.parentElement)) {
            out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
          }
        }
        return { out: out.slice(0, 10), scroll: document.documentElement.scrollWidth };
      });
      expect(wide.out, `${at || '/'}`).toEqual([]);
      expect(wide.scroll).toBeLessThanOrEqual(390);
      if (at === '') {
        // The summary is read, not scrolled: every column of it shows without scrolling its box sideways.
        const box = await page.getByTestId('summary').evaluate((t) => {
          const wrap = t.parentElement!;
          return { scroll: wrap.scrollWidth, client: wrap.clientWidth };
        });
        expect(box.scroll).toBeLessThanOrEqual(box.client);
        const done = await page.getByTestId('summary').locator('tfoot td').last().boundingBox();
        expect(done!.x + done!.width).toBeLessThanOrEqual(390);
      }
      await page.screenshot({
        path: path.join(SHOTS, `phone${at.replace(/\//g, '-') || '-overview'}.png`),
        fullPage: true,
      });
    }
    await page.context().close();
  });
});

describe('security', () => {
  it('refuses cross-origin posts and other methods', async () => {
    const form = new URLSearchParams({ intent: 'set-status', key: 'CACHE-005', status: 'todo' });
    const cross = await fetch(`${server.url}/plans/${slug}/items`, {
      method: 'POST',
      body: form,
      headers: { Origin: 'http://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(cross.status).toBe(403);
    const put = await fetch(`${server.url}/plans/${slug}/items`, { method: 'PUT', body: form });
    expect(put.status).toBe(405);
    expect(readFileSync(planPath, 'utf8')).toMatch(/^- \[x\] \*\*CACHE-005\*\*/m);
    // A form with a status the schema does not know is refused with a message, not written.
    const bad = await fetch(`${server.url}/plans/${slug}/items?_data=routes%2Fplans.%24slug.items`, {
      method: 'POST',
      body: new URLSearchParams({ intent: 'set-status', key: 'CACHE-005', status: 'maybe' }),
      headers: { Origin: server.url },
    });
    expect(bad.status).toBe(400);

    // The CLI's endpoint takes JSON only, from no other site, and says what was wrong.
    const api = `${server.url}/api/cli/set-status`;
    const garbage = await fetch(api, {
      method: 'POST',
      body: '{"file": ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).ok).toBe(false);
    const asForm = await fetch(api, {
      method: 'POST',
      body: new URLSearchParams({ file: planPath, key: 'CACHE-005', status: 'todo' }),
    });
    expect(asForm.status).toBe(415);
    const fromElsewhere = await fetch(api, {
      method: 'POST',
      body: JSON.stringify({ file: planPath, key: 'CACHE-005', status: 'todo' }),
      headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' },
    });
    expect(fromElsewhere.status).toBe(403);
    const outside = await fetch(api, {
      method: 'POST',
      body: JSON.stringify({ file: '/etc/passwd', key: 'root', status: 'todo' }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(outside.status).toBe(404);
    expect(readFileSync(planPath, 'utf8')).toMatch(/^- \[x\] \*\*CACHE-005\*\*/m);
  });
});

describe('mojibake repair', () => {
  it('is offered behind a confirmation and repairs only the encoding', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/plans/${slug}`);
    const before = readFileSync(planPath, 'utf8');
    expect(before).toContain('âœ…');
    await page.getByText('Repair the text encoding…').click();
    await page.getByRole('button', { name: 'Repair file' }).click();
    // Not confirmed: the browser refuses the form, the file stays as it was.
    await new Promise((r) => setTimeout(r, 500));
    expect(readFileSync(planPath, 'utf8')).toBe(before);
    await page.getByLabel('I understand the file on disk will be rewritten.').check();
    await page.getByRole('button', { name: 'Repair file' }).click();
    // The answer is a banner: a status when it worked, an alert saying why when it did not.
    const banner = page.locator('.banner');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.innerText()).toBe('The file was repaired and re-imported.');
    expect(await banner.getAttribute('role')).toBe('status');
    const after = readFileSync(planPath, 'utf8');
    expect(after).not.toContain('âœ…');
    expect(after).toContain('- [x] **CACHE-005**: 8 Levels of Caching Architecture - Client → CDN');
    // Same lines, same statuses: only characters inside lines changed.
    expect(after.split('\n').length).toBe(before.split('\n').length);
    const marks = (t: string) => [...t.matchAll(/^- \[(.)\]/gm)].map((m) => m[1]).join('');
    expect(marks(after)).toBe(marks(before));

    // The answer stays when the page reloads its data live (someone ticks an item elsewhere).
    const remaining = page.locator('.stat', { hasText: 'Remaining' }).locator('.stat-value');
    const remainingBefore = await remaining.innerText();
    const tick = await fetch(`${server.url}/plans/${slug}/items?_data=routes%2Fplans.%24slug.items`, {
      method: 'POST',
      body: new URLSearchParams({ intent: 'set-status', key: 'K8S-001', status: 'todo' }),
      headers: { Origin: server.url },
    });
    expect(tick.ok).toBe(true);
    await eventually(
      () => remaining.innerText(),
      (t) => t !== remainingBefore,
    );
    expect(await banner.innerText()).toBe('The file was repaired and re-imported.');
    await page.context().close();
  });
});

async function expectText(locator: { innerText(): Promise<string> }, text: string): Promise<void> {
  await eventually(
    () => locator.innerText(),
    (t) => t.includes(text),
    5000,
  );
}

function changedLines(before: string, after: string): { before: string; after: string }[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // Align by position while the line counts agree; log rows may add lines at the end of a table.
  const out: { before: string; after: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    const removed = b.length - j <= a.length - i;
    const added = b.length - j >= a.length - i;
    out.push({ before: removed ? (a[i] ?? '') : '', after: added ? (b[j] ?? '') : '' });
    if (removed) i++;
    if (added) j++;
  }
  return out;
}
