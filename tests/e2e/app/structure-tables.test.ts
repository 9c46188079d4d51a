// Adding an item to a plan kept as tables from the dashboard, in Chromium: the form shows the next free ID of
// the table's prefix, and the file gains exactly one row in the table's layout and vocabulary (plus the
// document's Last Updated), which the page then lists.
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { SHOTS, startBrowserApp, type BrowserApp } from '../../helpers/browser';
import { ROOT, type RunningServer } from '../../helpers/server';
import { lineDiff } from '../../../cli/lib/line-diff';

const FIXTURE = path.join(ROOT, 'tests/fixtures/table-status-legend/input.md');

let app: BrowserApp;
let server: RunningServer;
let browser: Browser;
let file: string;

beforeAll(async () => {
  app = await startBrowserApp('tickmark-e2e-tables-', (plansDir) => {
    file = path.join(plansDir, 'security-plan.md');
    copyFileSync(FIXTURE, file);
  });
  ({ server, browser } = app);
});

afterAll(() => app?.stop());

describe('a plan kept as tables on the dashboard', () => {
  it('adds an item to a table section as a row in the table’s style', async () => {
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const p = await context.newPage();
      await p.goto(`${server.url}/plans/security-plan/items`);
      await p.getByTestId('structure-tools').locator('summary', { hasText: 'Add item' }).click();
      await p.locator('#add-to').selectOption('phase:phase-1');
      const id = width === 1280 ? 'SEC-007' : 'SEC-008';
      expect(await p.getByTestId('next-id').innerText()).toBe(`New ID: ${id}`);
      const title = width === 1280 ? 'Pin `pip | uv` versions' : 'Rotate the keys';
      await p.locator('#add-title').fill(title);
      await p.locator('#add-status').selectOption('in-progress');
      const before = readFileSync(file, 'utf8');
      await p.locator('form[aria-label="Add item"] button[type=submit]').click();
      await p.getByTestId('structure-banner').getByText(`Item added (${id}).`).waitFor();
      const diff = lineDiff(before, readFileSync(file, 'utf8'))!;
      const today = /^\*\*Last Updated\*\*: \d{4}-\d{2}-\d{2}$/;
      if (width === 1280) {
        expect(diff.filter((l) => !today.test(l.slice(1)))).toEqual([
          '+| SEC-007 | Pin `pip \\| uv` versions    |          | 🔄 IN PROGRESS |                  |',
        ]);
      } else {
        expect(diff.filter((l) => !today.test(l.slice(1)))).toEqual([
          '+| SEC-008 | Rotate the keys             |          | 🔄 IN PROGRESS |                  |',
        ]);
      }
      await p.locator(`tr[data-key="${id}"]`).waitFor();
      expect(await p.locator(`tr[data-key="${id}"]`).innerText()).toContain(title);
      await p.screenshot({ path: path.join(SHOTS, `structure-tables-${width}.png`), fullPage: true });
      await context.close();
    }
  });
});
