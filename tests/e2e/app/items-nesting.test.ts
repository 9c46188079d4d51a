// Nested items on the items page: each sub-item sits indented under its parent, and one whose parent is not on
// the page (a filter) names it; at 1280 px and at 390 px, where nothing may be wider than the screen.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { SHOTS, startBrowserApp, type BrowserApp } from '../../helpers/browser';
import { ROOT, type RunningServer } from '../../helpers/server';

let app: BrowserApp;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  app = await startBrowserApp('tickmark-e2e-nesting-', (plansDir) => {
    copyFileSync(path.join(ROOT, 'tests/fixtures/nested-items/input.md'), path.join(plansDir, 'nested.md'));
  });
  ({ server, browser } = app);
});

afterAll(() => app?.stop());

it.each([1280, 390])('shows sub-items indented under their parent at %i px', async (width) => {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${server.url}/plans/nested/items`);
  const depth = (id: string) =>
    page
      .locator(`tr[data-key="${id}"] td.col-item`)
      .getAttribute('class')
      .then((c) => /depth-(\d)/.exec(c ?? '')?.[1] ?? '0');
  expect(await Promise.all(['TREE-001', 'TREE-002', 'TREE-003', 'TREE-004', 'TREE-006'].map(depth))).toEqual([
    '0',
    '1',
    '1',
    '2',
    '0',
  ]);
  // Indented: the grandchild's title starts right of its parent's, which starts right of the root's.
  const left = async (id: string) => (await page.locator(`tr[data-key="${id}"] .item-title`).boundingBox())!.x;
  expect(await left('TREE-003')).toBeGreaterThan(await left('TREE-001'));
  expect(await left('TREE-004')).toBeGreaterThan(await left('TREE-003'));
  await page.screenshot({ path: path.join(SHOTS, `items-nesting-${width}.png`), fullPage: true });
  const wider = await page.evaluate(
    () =>
      [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1).length,
  );
  expect(wider).toBe(0);

  // Filtered to the grandchild alone: its parent is not shown, so the row names it.
  await page.goto(`${server.url}/plans/nested/items?q=grandchild`);
  await expect.poll(() => page.locator('tr[data-key="TREE-004"] .item-parent').textContent()).toBe('under TREE-003');
  await page.close();
});
