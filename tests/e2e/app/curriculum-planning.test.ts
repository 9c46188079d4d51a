// Curriculum planning in Chromium without JavaScript: a plan generated from tracked sources (preview, then
// created through sync/ and tracked), a sixth source merged into the example plan after a preview (one
// change, one Undo), and coverage links confirmed, removed and added on the Curriculum tab and item page.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { SHOTS, startBrowserApp, type BrowserApp } from '../../helpers/browser';
import { ROOT, type RunningServer } from '../../helpers/server';
import { generatePlan, parsePlan, parseSource, readCoverageTable } from '../../../parser/index';

const CORPUS = path.join(ROOT, 'tests/fixtures/corpus/dd-sdlc-ai');
const SIXTH = path.join(ROOT, 'tests/fixtures/sources/part_6_gap_analysis.md');
const PARTS = [1, 2, 3, 4, 5].map((n) => `part_${n}_gap_analysis.md`);

let app: BrowserApp;
let server: RunningServer;
let browser: Browser;
let plansDir: string;
let planFile: string;

beforeAll(async () => {
  app = await startBrowserApp('tickmark-e2e-planning-', (dir) => {
    planFile = path.join(dir, 'system-design-gap-plan.md');
    copyFileSync(path.join(CORPUS, 'implementation-plan.md'), planFile);
    for (const part of PARTS) copyFileSync(path.join(CORPUS, part), path.join(dir, part));
    copyFileSync(SIXTH, path.join(dir, 'part_6_gap_analysis.md'));
    // A source with an unknown status word: listed with its error, and refused as a source for a plan.
    writeFileSync(
      path.join(dir, 'broken_gap_analysis.md'),
      '# Gaps\n\n### Category 1: Caching\n\n| Topic | Status | Gap Description | Priority |\n|---|---|---|---|\n| **A** | MISSNG | d | HIGH |\n',
    );
  });
  ({ server, browser, plansDir } = app);
});

afterAll(() => app?.stop());

async function page(width = 1280) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
  return context.newPage();
}

describe('generating a plan from sources', () => {
  it('shows a source’s errors with line and column, and refuses to plan from it, writing nothing', async () => {
    const p = await page();
    await p.goto(`${server.url}/sources`);
    expect(await p.getByTestId('source-error').innerText()).toMatch(/^broken_gap_analysis\.md:7:\d+ /);
    const broken = p.getByRole('checkbox', { name: /broken_gap_analysis\.md/ });
    expect(await broken.isChecked()).toBe(false);
    await broken.check();
    await p.getByRole('button', { name: 'Preview' }).click();
    expect(await p.getByTestId('generate-problem').innerText()).toMatch(
      /^broken_gap_analysis\.md:7:\d+ .*nothing was written/,
    );
    expect(await p.getByTestId('plan-preview').count()).toBe(0);
    expect(existsSync(path.join(plansDir, 'generated-plan.md'))).toBe(false);
    await p.context().close();
  });

  it('previews the phased plan, creates it with the CLI engine’s bytes, and tracks it', async () => {
    const p = await page();
    await p.goto(server.url);
    await p.getByRole('link', { name: 'Generate a plan from sources' }).click();
    await p.getByRole('checkbox', { name: /part_6_gap_analysis\.md/ }).uncheck();
    await p.getByLabel('Items per week').fill('25');
    await p.getByLabel('Start').fill('2026-01-05');
    await p.getByRole('button', { name: 'Preview' }).click();
    const preview = p.getByTestId('plan-preview');
    expect(await preview.innerText()).toContain('357 items from 362 topics in 5 sources');
    const phases = await p.getByTestId('preview-phases').locator('tbody tr').allInnerTexts();
    expect(phases.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      'Phase 1: HIGH 198 week 8',
      'Phase 2: MEDIUM 120 week 13',
      'Phase 3: LOW 39 week 15',
    ]);
    const first = await p.getByTestId('preview-sections').locator('tbody tr').first().locator('td').allInnerTexts();
    expect(first).toEqual(['1', 'Caching', 'CACHE-001 – CACHE-007', '7']);
    for (const width of [1280, 390]) {
      const shot = await page(width);
      await shot.goto(p.url());
      await shot.screenshot({ path: path.join(SHOTS, `sources-generate-form-${width}.png`) });
      await shot.getByTestId('plan-preview').scrollIntoViewIfNeeded();
      await shot.screenshot({ path: path.join(SHOTS, `sources-generate-preview-${width}.png`) });
      await shot.context().close();
    }

    await p.locator('.create-plan-form').getByLabel('File name').fill('generated-plan');
    await p.getByRole('button', { name: 'Create the plan' }).click();
    expect(p.url()).toMatch(/\/plans\/generated-plan$/);
    const written = readFileSync(path.join(plansDir, 'generated-plan.md'), 'utf8');
    // The same engine as `tickmark plan new`: the same sources and options give the same bytes.
    const models = PARTS.map((f) => parseSource(readFileSync(path.join(CORPUS, f), 'utf8'), f));
    const expected = generatePlan(models, {
      include: ['MISSING', 'PARTIAL'],
      prefixes: {},
      capacity: { perWeek: 25, start: '2026-01-05' },
    });
    expect(written).toBe(expected.text);
    expect(parsePlan(written).items).toHaveLength(357);
    expect(await p.getByText('357', { exact: false }).count()).toBeGreaterThan(0);

    // Creating it again is refused, and the file is left as it was.
    await p.goBack();
    await p.getByRole('button', { name: 'Create the plan' }).click();
    expect(await p.getByTestId('generate-refused').innerText()).toContain('already exists');
    expect(readFileSync(path.join(plansDir, 'generated-plan.md'), 'utf8')).toBe(written);
    await p.context().close();
  });
});

describe('merging a source into a plan', () => {
  it('previews what part 6 adds, changes and drops, applies it as one change, and one Undo takes it back', async () => {
    const before = readFileSync(planFile, 'utf8');
    const p = await page();
    await p.goto(`${server.url}/plans/system-design-gap-plan/curriculum`);
    const form = p.getByRole('form', { name: 'Preview a merge' });
    for (const part of PARTS) await form.getByRole('checkbox', { name: part }).uncheck();
    await form.getByRole('button', { name: 'Preview merge' }).click();
    const rows = await p.getByTestId('merge-add').locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').slice(0, 3).join(' | '))).toEqual([
      'CACHE-009 | Cache Stampede Protection | 1.1 Caching Problems & Solutions',
      'NET-008 | QUIC Handshake | 1.3 Networking Fundamentals',
      'OBS-001 | SLO Burn Rate Alerts | 2.11 Observability',
    ]);
    expect(readFileSync(planFile, 'utf8')).toBe(before);
    for (const width of [1280, 390]) {
      const shot = await page(width);
      await shot.goto(p.url());
      await shot.getByTestId('merge-preview').scrollIntoViewIfNeeded();
      await shot.screenshot({ path: path.join(SHOTS, `curriculum-merge-preview-${width}.png`) });
      await shot.context().close();
    }

    await p.getByRole('button', { name: 'Add 3 topics to the plan' }).click();
    expect(await p.getByTestId('merged-banner').innerText()).toContain('3 topics added');
    const after = parsePlan(readFileSync(planFile, 'utf8'));
    expect(after.items.filter((i) => ['CACHE-009', 'NET-008', 'OBS-001'].includes(i.id ?? ''))).toHaveLength(3);
    expect(after.items).toHaveLength(parsePlan(before).items.length + 3);

    await p.locator('.undo-bar').getByRole('button', { name: 'Undo' }).click();
    expect(readFileSync(planFile, 'utf8')).toBe(before);
    await p.context().close();
  });
});

describe('coverage links', () => {
  it('confirms a suggested link, removes one, and links an item to another topic from its page', async () => {
    const before = readFileSync(planFile, 'utf8');
    expect(readCoverageTable(before)).toEqual([]);
    const p = await page();
    await p.goto(`${server.url}/plans/system-design-gap-plan/curriculum`);
    const row = p.getByTestId('links-table').locator('tbody tr', { hasText: 'CACHE-001' });
    expect(await row.innerText()).toContain('suggested');
    await row.getByRole('button', { name: 'Confirm CACHE-001’s links' }).click();
    const confirmed = readFileSync(planFile, 'utf8');
    // Thunder Herd Problem is in parts 1, 5 and 6: the item's three links, now the plan's.
    const thunder = (file: string, line: number) => ({ id: 'CACHE-001', file, line, topic: 'Thunder Herd Problem' });
    expect(readCoverageTable(confirmed)).toEqual([
      thunder('part_1_gap_analysis.md', 30),
      thunder('part_5_gap_analysis.md', 237),
      thunder('part_6_gap_analysis.md', 15),
    ]);
    // Only the table was appended: every byte before it is the plan's own.
    expect(confirmed.startsWith(before)).toBe(true);
    const again = p.getByTestId('links-table').locator('tbody tr', { hasText: 'CACHE-001' });
    expect(await again.innerText()).toContain('confirmed');
    await p.screenshot({ path: path.join(SHOTS, 'curriculum-links-1280.png') });

    // Topic → items shows the same link the other way round.
    const topicRow = p.getByTestId('topics-table').locator('tbody tr', { hasText: 'Thunder Herd Problem' });
    expect(await topicRow.first().innerText()).toContain('CACHE-001');

    await again.getByRole('button', { name: 'Remove CACHE-001 → part_6_gap_analysis.md#15' }).click();
    expect(readCoverageTable(readFileSync(planFile, 'utf8'))).toEqual([
      thunder('part_1_gap_analysis.md', 30),
      thunder('part_5_gap_analysis.md', 237),
    ]);
    // Removing every link leaves the item covering nothing (a `-` row), so title matching stays off for it.
    const row2 = p.getByTestId('links-table').locator('tbody tr', { hasText: 'CACHE-002' });
    const links2 = readCoverageTable(readFileSync(planFile, 'utf8'));
    const remove2 = row2.getByRole('button', { name: /^Remove CACHE-002/ });
    // A click returns once the next page starts loading; count buttons only in a fully loaded page.
    await p.waitForLoadState();
    const removes = await remove2.count();
    expect(removes).toBeGreaterThan(0);
    for (let k = 0; k < removes; k++) {
      await remove2.first().click();
      await p.waitForLoadState();
    }
    expect(await remove2.count()).toBe(0);
    expect(readCoverageTable(readFileSync(planFile, 'utf8'))).toEqual([
      ...links2,
      { id: 'CACHE-002', file: '-', line: 0, topic: '-' },
    ]);
    expect(await p.getByTestId('lonely-items').innerText()).toContain('CACHE-002');

    // On the item page: link it to another topic; the link is the plan's (confirmed).
    for (const width of [1280, 390]) {
      const item = await page(width);
      await item.goto(`${server.url}/plans/system-design-gap-plan/items/CACHE-001`);
      expect(await item.getByTestId('item-coverage').innerText()).toContain('part_5_gap_analysis.md:237');
      if (width === 1280) {
        await item.getByLabel('Link to a topic').selectOption('part_6_gap_analysis.md#15');
        await item.getByRole('button', { name: 'Link', exact: true }).click();
        expect(await item.getByTestId('item-coverage').innerText()).toContain('part_6_gap_analysis.md:15');
        expect(await item.getByTestId('item-coverage').innerText()).toContain('confirmed');
      }
      await item.getByTestId('item-coverage').scrollIntoViewIfNeeded();
      await item.screenshot({ path: path.join(SHOTS, `item-coverage-${width}.png`) });
      await item.context().close();
    }
    expect(readCoverageTable(readFileSync(planFile, 'utf8')).filter((l) => l.id === 'CACHE-001')).toEqual([
      thunder('part_1_gap_analysis.md', 30),
      thunder('part_5_gap_analysis.md', 237),
      thunder('part_6_gap_analysis.md', 15),
    ]);
    await p.context().close();
  });
  it('edits the links of a topic whose source file name holds a space', async () => {
    // Written now, not in beforeAll, so the other tests' source counts stay the five parts and part 6.
    writeFileSync(
      path.join(plansDir, 'part 7 gaps.md'),
      '# Gaps\n\n### Category 1: Caching\n\n| Topic | Status | Gap Description | Priority |\n|---|---|---|---|\n| **Cache Breakdown** | MISSING | Hot keys | HIGH |\n',
    );
    const item = await page();
    const coverage = item.getByTestId('item-coverage');
    // The watcher imports the new source; the item page shows it once it has.
    await expect
      .poll(
        async () => {
          await item.goto(`${server.url}/plans/system-design-gap-plan/items/CACHE-003`);
          return coverage.innerText();
        },
        { timeout: 30_000 },
      )
      .toContain('part 7 gaps.md:7');
    await coverage.getByRole('button', { name: 'Remove CACHE-003 → part 7 gaps.md#7' }).click();
    expect(await item.locator('body').innerText()).not.toContain('changed since the page was shown');
    expect(readCoverageTable(readFileSync(planFile, 'utf8')).filter((l) => l.id === 'CACHE-003')).toEqual([
      { id: 'CACHE-003', file: 'part_1_gap_analysis.md', line: 32, topic: 'Cache Breakdown' },
      { id: 'CACHE-003', file: 'part_5_gap_analysis.md', line: 239, topic: 'Cache Breakdown' },
    ]);
    expect(await coverage.innerText()).not.toContain('part 7 gaps.md');
    await item.context().close();
  });
});
