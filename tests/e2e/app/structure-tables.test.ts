// Adding an item to a plan kept as tables from the dashboard, in Chromium: the form shows the next free ID of
// the table's prefix, and the file gains exactly one row in the table's layout and vocabulary (plus the
// document's Last Updated), which the page then lists.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildApp, ROOT, startServer, type RunningServer } from '../../helpers/server';
import { lineDiff } from '../../../cli/lib/line-diff';

const FIXTURE = path.join(ROOT, 'tests/fixtures/table-status-legend/input.md');
const SHOTS = path.join(ROOT, 'test-results');

let server: RunningServer;
let browser: Browser;
let plansDir: string;
let file: string;

beforeAll(async () => {
  buildApp();
  plansDir = mkdtempSync(path.join(tmpdir(), 'tickmark-e2e-tables-'));
  file = path.join(plansDir, 'security-plan.md');
  copyFileSync(FIXTURE, file);
  server = await startServer({ plansDir });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (plansDir) rmSync(plansDir, { recursive: true, force: true });
});

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
