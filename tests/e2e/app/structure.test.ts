// Shaping a plan from the dashboard in Chromium: add (then undo), edit, move, remove and bulk, each through the
// write-back engine, with and without JavaScript; every step asserts the plan file's exact line diff.
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, startBrowserApp, type BrowserApp } from '../../helpers/browser';
import { ROOT, type RunningServer } from '../../helpers/server';
import { lineDiff } from '../../../cli/lib/line-diff';

const FIXTURE = path.join(ROOT, 'tests/fixtures/e2e/shape-plan.md');

let app: BrowserApp;
let server: RunningServer;
let browser: Browser;
let file: string;

beforeAll(async () => {
  app = await startBrowserApp('tickmark-e2e-shape-', (plansDir) => {
    file = path.join(plansDir, 'shape-plan.md');
    copyFileSync(FIXTURE, file);
  });
  ({ server, browser } = app);
});

afterAll(() => app?.stop());

async function open(url: string, { js = true, width = 1280 } = {}): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width, height: 900 } });
  const p = await context.newPage();
  await p.goto(`${server.url}${url}`);
  return p;
}

/** Runs a step and returns the file's line diff across it. */
async function diffOf(step: () => Promise<void>): Promise<string[]> {
  const before = readFileSync(file, 'utf8');
  await step();
  return lineDiff(before, readFileSync(file, 'utf8'))!;
}

const today = new Date().toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric' });
const SLUG = '/plans/shape-plan';

describe('shaping a plan from the dashboard', () => {
  it('adds an item with JavaScript: next free ID shown, the line in its siblings’ style, bookkeeping updated', async () => {
    const p = await open(`${SLUG}/items`);
    await p.getByTestId('structure-tools').locator('summary', { hasText: 'Add item' }).click();
    await p.locator('#add-to').selectOption('section:1.1');
    expect(await p.getByTestId('next-id').innerText()).toBe('New ID: CACHE-004');
    await p.locator('#add-title').fill('Cache Stampede');
    await p.locator('#add-description').fill('request coalescing');
    const diff = await diffOf(async () => {
      await p.locator('form[aria-label="Add item"] button[type=submit]').click();
      await p.getByTestId('structure-banner').getByText('Item added (CACHE-004).').waitFor();
    });
    expect(diff).toEqual([
      '-| Phase 1 (HIGH) | 4 | 1 | 0 | 3 |',
      '+| Phase 1 (HIGH) | 5 | 1 | 0 | 4 |',
      '-| **TOTAL** | **5** | **1** | **0** | **4** |',
      '+| **TOTAL** | **6** | **1** | **0** | **5** |',
      '-**Last Updated**: January 4, 2026',
      '-**Progress**: 20% complete',
      `+**Last Updated**: ${today}`,
      '+**Progress**: 16% complete',
      '-## Phase 1: HIGH Priority Items (4 items)',
      '+## Phase 1: HIGH Priority Items (5 items)',
      '+- [ ] **CACHE-004**: Cache Stampede - request coalescing',
    ]);
    // The row is on the page without a reload (the loaders re-ran).
    await p.locator('tr[data-key="CACHE-004"]').waitFor();
    await p.screenshot({ path: path.join(SHOTS, 'structure-items-1280.png'), fullPage: true });

    // The plan frame's Undo (the last change, as for ticks) gives back the file's exact bytes.
    await p.locator('.undo-bar').getByRole('button', { name: 'Undo' }).click();
    await p.getByTestId('undo-answer').getByText('Undone:').waitFor();
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(FIXTURE, 'utf8'));
    await p.locator('tr[data-key="CACHE-004"]').waitFor({ state: 'detached' });
    await p.context().close();
  });

  it('edits an item without JavaScript (a plain form post), then refuses a stale form and keeps its text', async () => {
    const p = await open(`${SLUG}/items/CACHE-002`, { js: false });
    await p.locator('#edit-title').fill('Cache Penetration Guard');
    const diff = await diffOf(async () => {
      await p.locator('form[aria-label="Edit item"] button[type=submit]').click();
      await p.waitForLoadState();
    });
    // The add was undone, so the file is the fixture again: this first write also dates Last Updated.
    expect(diff).toEqual([
      '-**Last Updated**: January 4, 2026',
      `+**Last Updated**: ${today}`,
      '-- [ ] **CACHE-002**: Cache Penetration - bloom filter',
      '+- [ ] **CACHE-002**: Cache Penetration Guard - bloom filter',
    ]);
    expect(await p.locator('.item-head h2').innerText()).toBe('Cache Penetration Guard');

    // A second tab still holds the old version: its edit is a conflict, nothing is written, the text stays.
    const stale = await open(`${SLUG}/items/CACHE-003`, { js: false });
    const fresh = await open(`${SLUG}/items/CACHE-003`, { js: false });
    await fresh.locator('#edit-description').fill('hot key mutex, logical expiry');
    await fresh.locator('form[aria-label="Edit item"] button[type=submit]').click();
    await fresh.waitForLoadState();
    await stale.locator('#edit-title').fill('Breakdown (stale tab)');
    const none = await diffOf(async () => {
      await stale.locator('form[aria-label="Edit item"] button[type=submit]').click();
      await stale.waitForLoadState();
    });
    expect(none).toEqual([]);
    expect(await stale.getByTestId('structure-banner').innerText()).toContain('changed since this page was loaded');
    expect(await stale.locator('#edit-title').inputValue()).toBe('Breakdown (stale tab)');
    for (const x of [p, stale, fresh]) await x.context().close();
  });

  it('moves an item to another phase’s section and back up within it', async () => {
    const p = await open(`${SLUG}/items/CACHE-003`);
    await p.locator('#move-to').selectOption('section:2.1');
    const diff = await diffOf(async () => {
      await p.locator('form[aria-label="Move item"] button[type=submit]').click();
      await p.getByTestId('structure-banner').getByText('CACHE-003 moved.').waitFor();
    });
    expect(diff).toEqual([
      '-| Phase 1 (HIGH) | 4 | 1 | 0 | 3 |',
      '-| Phase 2 (MEDIUM) | 1 | 0 | 0 | 1 |',
      '+| Phase 1 (HIGH) | 3 | 1 | 0 | 2 |',
      '+| Phase 2 (MEDIUM) | 2 | 0 | 0 | 2 |',
      '-## Phase 1: HIGH Priority Items (4 items)',
      '+## Phase 1: HIGH Priority Items (3 items)',
      '-- [ ] **CACHE-003**: Cache Breakdown - hot key mutex, logical expiry',
      '-## Phase 2: MEDIUM Priority Items (1 items)',
      '+## Phase 2: MEDIUM Priority Items (2 items)',
      '+- [ ] **CACHE-003**: Cache Breakdown - hot key mutex, logical expiry',
    ]);
    await p.context().close();

    // Without JavaScript, ↑ on the items page puts it before LATER-001 (the item before it moves down).
    const q = await open(`${SLUG}/items?section=2.1`, { js: false });
    const up = await diffOf(async () => {
      await q.getByRole('button', { name: 'Move CACHE-003 up' }).click();
      await q.waitForLoadState();
    });
    // (The same two lines swap places; a line diff shows LATER-001 going below.)
    expect(up).toEqual([
      '-- [ ] **LATER-001**: Someday - when there is time',
      '+- [ ] **LATER-001**: Someday - when there is time',
    ]);
    expect(readFileSync(file, 'utf8')).toContain(
      '- [ ] **CACHE-003**: Cache Breakdown - hot key mutex, logical expiry\n- [ ] **LATER-001**: Someday',
    );
    expect(
      await q.locator('tbody tr[data-key]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key'))),
    ).toEqual(['CACHE-003', 'LATER-001']);
    await q.context().close();

    // With JavaScript, ↓ (the other button of the row's one move form) posts through the fetcher: the button
    // names the intent, and the page stays where it is while the rows change places.
    const r = await open(`${SLUG}/items?section=2.1`);
    await r.waitForSelector('html[data-hydrated]', { state: 'attached' });
    const down = await diffOf(async () => {
      await r.getByRole('button', { name: 'Move CACHE-003 down' }).click();
      await r.getByTestId('structure-banner').waitFor();
    });
    expect(down).toHaveLength(2);
    expect(readFileSync(file, 'utf8')).toContain(
      '- [ ] **LATER-001**: Someday - when there is time\n- [ ] **CACHE-003**: Cache Breakdown',
    );
    await expect
      .poll(() =>
        r.locator('tbody tr[data-key]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key'))),
      )
      .toEqual(['LATER-001', 'CACHE-003']);
    expect(r.url()).toBe(`${server.url}${SLUG}/items?section=2.1`);
    await r.context().close();
  });

  it('removes an item only once confirmed, without JavaScript', async () => {
    const p = await open(`${SLUG}/items/SRCH-001`, { js: false });
    await p.locator('summary', { hasText: 'Remove…' }).click();
    const diff = await diffOf(async () => {
      await p.locator('form[aria-label="Remove item"] input[name=confirm]').check();
      await p.locator('form[aria-label="Remove item"] button[type=submit]').click();
      await p.waitForLoadState();
    });
    expect(diff).toEqual([
      '-| Phase 1 (HIGH) | 3 | 1 | 0 | 2 |',
      '+| Phase 1 (HIGH) | 2 | 1 | 0 | 1 |',
      '-| **TOTAL** | **5** | **1** | **0** | **4** |',
      '+| **TOTAL** | **4** | **1** | **0** | **3** |',
      '-**Progress**: 20% complete',
      '+**Progress**: 25% complete',
      '-## Phase 1: HIGH Priority Items (3 items)',
      '+## Phase 1: HIGH Priority Items (2 items)',
      '-- [ ] **SRCH-001**: Ranking - BM25 and learning to rank',
    ]);
    expect(await p.getByText('This item is no longer in the document; its history is kept.').count()).toBe(1);
    await p.context().close();
  });

  it('sets the status of a selection in one write, and adds a section and a phase from the overview', async () => {
    const p = await open(`${SLUG}/items`);
    await p.getByLabel('Select CACHE-002').check();
    await p.getByLabel('Select LATER-001').check();
    await p.locator('#bulk-status').selectOption('in-progress');
    const diff = await diffOf(async () => {
      await p.getByRole('button', { name: 'Set status' }).click();
      await p.getByTestId('structure-banner').getByText('2 items set to in-progress.').waitFor();
    });
    expect(diff).toEqual([
      '-| Phase 1 (HIGH) | 2 | 1 | 0 | 1 |',
      '-| Phase 2 (MEDIUM) | 2 | 0 | 0 | 2 |',
      '-| **TOTAL** | **4** | **1** | **0** | **3** |',
      '+| Phase 1 (HIGH) | 2 | 1 | 1 | 1 |',
      '+| Phase 2 (MEDIUM) | 2 | 0 | 1 | 2 |',
      '+| **TOTAL** | **4** | **1** | **2** | **3** |',
      '-- [ ] **CACHE-002**: Cache Penetration Guard - bloom filter',
      '+- [/] **CACHE-002**: Cache Penetration Guard - bloom filter',
      '-- [ ] **LATER-001**: Someday - when there is time',
      '+- [/] **LATER-001**: Someday - when there is time',
    ]);
    await p.context().close();

    const o = await open(SLUG, { js: false });
    await o.locator('summary', { hasText: 'Add section' }).click();
    await o.locator('#section-phase').selectOption('phase-2');
    await o.locator('#section-title').fill('Observability');
    const section = await diffOf(async () => {
      await o.locator('form[aria-label="Add section"] button[type=submit]').click();
      await o.waitForLoadState();
    });
    expect(section).toEqual(['+### 2.2 Observability', '+']);
    await o.locator('summary', { hasText: 'Add phase' }).click();
    await o.locator('#phase-name').fill('Polish');
    await o.locator('#phase-priority').selectOption('LOW');
    const phase = await diffOf(async () => {
      await o.locator('form[aria-label="Add phase"] button[type=submit]').click();
      await o.waitForLoadState();
    });
    // The new phase gets its summary-table row (issue 11), in the rows' own layout.
    expect(phase).toEqual(['+| Phase 3 (LOW) | 0 | 0 | 0 | 0 |', '+## Phase 3: Polish (LOW Priority - 0 items)', '+']);
    await o.screenshot({ path: path.join(SHOTS, 'structure-overview-1280.png'), fullPage: true });
    await o.context().close();

    const narrow = await open(`${SLUG}/items`, { width: 390 });
    await narrow.screenshot({ path: path.join(SHOTS, 'structure-items-390.png'), fullPage: true });
    await narrow.context().close();
  });

  it('keeps a row’s selection box checked when its row is written again (decision 060)', async () => {
    const p = await open(`${SLUG}/items`);
    const row = p.locator('tr[data-key="CACHE-001"]');
    const was = await row.getAttribute('data-status');
    await p.getByLabel('Select CACHE-001').check();
    // Its tick changes the row's status: the row's cells are written again, at once and after the answer.
    await row.getByRole('checkbox', { name: / done$/ }).click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).not.toBe(was);
    await expect
      .poll(() => row.locator('form.status-control').getAttribute('aria-busy'), { timeout: 15_000 })
      .toBeNull();
    expect(await p.getByLabel('Select CACHE-001').isChecked()).toBe(true);
    expect(await p.getByLabel('Select CACHE-002').isChecked()).toBe(false);
    await p.context().close();
  });
});
