// The Curriculum tab in Chromium: gap analyses in the plans folder are listed as sources on the index (not as
// empty plans), and a plan's tab shows its coverage of them, the unplanned gaps and the capacity cut line.
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { SHOTS, startBrowserApp, type BrowserApp } from '../../helpers/browser';
import { ROOT, type RunningServer } from '../../helpers/server';
import { lineDiff } from '../../../cli/lib/line-diff';

const CORPUS = path.join(ROOT, 'tests/fixtures/corpus/dd-sdlc-ai');

let app: BrowserApp;
let server: RunningServer;
let browser: Browser;
let plansDir: string;

beforeAll(async () => {
  app = await startBrowserApp('tickmark-e2e-curric-', (dir) => {
    copyFileSync(path.join(CORPUS, 'implementation-plan.md'), path.join(dir, 'system-design-gap-plan.md'));
    for (const n of [1, 2, 3, 4, 5]) {
      copyFileSync(path.join(CORPUS, `part_${n}_gap_analysis.md`), path.join(dir, `part_${n}_gap_analysis.md`));
    }
  });
  ({ server, browser, plansDir } = app);
});

afterAll(() => app?.stop());

async function page(width = 1280) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
  return context.newPage();
}

describe('sources and the Curriculum tab', () => {
  it('lists the gap analyses as sources, not as plans', async () => {
    const p = await page();
    await p.goto(server.url);
    expect(await p.locator('.plan-card').count()).toBe(1);
    const sources = p.getByTestId('source-list').locator('li');
    expect(await sources.count()).toBe(5);
    const texts = await sources.allInnerTexts();
    expect(texts.join('\n')).toContain('part_4_gap_analysis.md');
    expect(texts.find((t) => t.includes('part_1_gap_analysis.md'))).toContain('59 topics');
    await p.screenshot({ path: path.join(SHOTS, 'curriculum-index-1280.png'), fullPage: true });
  });

  it('shows the coverage table, unplanned gaps HIGH first, items covering nothing, and the cut line', async () => {
    for (const width of [1280, 390]) {
      const p = await page(width);
      await p.goto(`${server.url}/plans/system-design-gap-plan`);
      await p.getByRole('link', { name: 'Curriculum' }).click();
      expect(p.url()).toMatch(/\/plans\/system-design-gap-plan\/curriculum$/);
      expect(await p.getByRole('heading', { name: 'Coverage' }).isVisible()).toBe(true);
      expect(await p.getByText('108 of 128 items linked to a topic').count()).toBe(1);
      const caching = p.getByTestId('coverage-table').locator('tbody tr').first();
      expect(await caching.locator('td').allInnerTexts()).toEqual([
        'part_1_gap_analysis.md',
        'Caching',
        'HIGH',
        '3',
        '0',
        '3',
        '0',
        '0',
        '0',
      ]);
      const unplanned = p.getByTestId('unplanned-table').locator('tbody tr');
      expect(await unplanned.first().locator('td').first().innerText()).toBe('HIGH');
      expect(await unplanned.last().locator('td').first().innerText()).not.toBe('HIGH');
      expect(await p.getByTestId('lonely-items').innerText()).toContain('DB-001 Database Data Structures');

      // Capacity without JavaScript: a GET form; every phase of the finished plan has 0 remaining, so all fit.
      await p.getByLabel('Items per week').fill('12');
      await p.getByRole('button', { name: 'Show' }).click();
      expect(p.url()).toContain('capacity=12');
      expect(await p.getByTestId('cut-line').innerText()).toBe('At 12 items/week every phase fits.');
      await p.screenshot({ path: path.join(SHOTS, `curriculum-${width}.png`) });
      await p.context().close();
    }
  });

  // Last: it changes the plan the tests above count.
  it('adds an unplanned gap to the plan in its category’s section, and the topic counts as planned', async () => {
    const file = path.join(plansDir, 'system-design-gap-plan.md');
    const before = readFileSync(file, 'utf8');
    const p = await page();
    await p.goto(`${server.url}/plans/system-design-gap-plan/curriculum`);
    const row = p.getByTestId('unplanned-table').locator('tbody tr', { hasText: 'Push Notification Architecture' });
    await row.getByRole('button', { name: 'Add Push Notification Architecture to the plan' }).click();
    await p.waitForLoadState();
    const after = readFileSync(file, 'utf8');
    // The summary rows, phase heading counts, Last Updated and Progress are the bookkeeping's (they also fix
    // the example's drifted numbers); every other change is the one new line, after NET-007 in 1.3 Networking.
    const bookkeeping = /^[-+](\| (Phase \d|\*\*TOTAL)|## Phase \d|\*\*(Last Updated|Progress)\*\*)/;
    expect(lineDiff(before, after)!.filter((l) => !bookkeeping.test(l))).toEqual([
      '+- [ ] **NET-008**: Push Notification Architecture - Have notification system but need deeper push notification specifics (APNs, FCM)',
    ]);
    expect(after).toContain(
      'Top 8 Network Protocols - HTTP, HTTP/3, HTTPS, WebSocket, TCP, UDP, SMTP, FTP ✅\n- [ ] **NET-008**: Push',
    );
    expect(await p.getByText('109 of 129 items linked to a topic').count()).toBe(1);
    expect(await p.getByTestId('unplanned-table').innerText()).not.toContain('Push Notification Architecture');
    await p.screenshot({ path: path.join(SHOTS, 'curriculum-add-to-plan-1280.png') });
    await p.context().close();
  });
});
