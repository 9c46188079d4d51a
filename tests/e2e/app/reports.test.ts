// The Reports tab in Chromium against the built server, a temp copy of the example plan and a PostgreSQL
// database of its own (the CLI runs beside the server on it): the week's completions after ticks, the week
// picker in the URL, the download equal to `tickmark report`, Append writing exactly one block (refused when
// the document changed under the page), bad weeks, and the page at 1280 and 390 px with its charts drawn.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { launchChromium } from '../../helpers/browser';
import { buildApp, ROOT, startServer, type RunningServer } from '../../helpers/server';
import { findReportBlocks, parsePlan } from '../../../parser/index';

const SEED = path.join(ROOT, 'tests/fixtures/seed/input.md');
const SHOTS = path.join(ROOT, 'test-results');
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = `tm_rep_e2e_${process.pid}_${Date.now().toString(36)}`;

let server: RunningServer;
let browser: Browser;
let plansDir: string;
let planPath: string;
const slug = 'system-design-gap-plan';
/** Who a change made in the browser is recorded as: in local mode, the user the server runs as. */
const me = userInfo().username;

async function admin<T>(run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(process.env.DATABASE_URL ?? ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

beforeAll(async () => {
  buildApp();
  plansDir = mkdtempSync(path.join(tmpdir(), 'tickmark-e2e-reports-'));
  planPath = path.join(plansDir, `${slug}.md`);
  copyFileSync(SEED, planPath);
  // PostgreSQL, not PGlite: the CLI must read the same database while the server runs. (With DATABASE_URL
  // set, startServer makes a scratch database of its own instead.)
  await admin((sql) => sql.unsafe(`CREATE DATABASE ${DB_NAME}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  server = await startServer({ plansDir, env: { DATABASE_URL: url.toString() } });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await admin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`)).catch(() => {});
  if (plansDir) rmSync(plansDir, { recursive: true, force: true });
});

async function newPage(opts: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
  const js = opts.javaScriptEnabled ?? false;
  const context = await browser.newContext({
    javaScriptEnabled: js,
    acceptDownloads: true,
    viewport: { width: opts.width ?? 1280, height: 900 },
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  if (js) {
    const goto = page.goto.bind(page);
    page.goto = async (url, options) => {
      const response = await goto(url, options);
      await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
      return response;
    };
  }
  return page;
}

/** The server's database and plans folder, and the CLI's default time zone (UTC, as the page's). */
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...server.env };
  delete env.TICKMARK_TZ;
  return env;
}

function tickmark(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [path.join(ROOT, 'bin/tickmark.js'), ...args],
      { cwd: ROOT, env: cliEnv(), maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms; last: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

const reports = (search = '') => `${server.url}/plans/${slug}/reports${search}`;

/** Each status as the parser reads the file: a block is never an item. */
const statuses = (text: string) => parsePlan(text).items.map((i) => `${i.key}=${i.status}`);

describe('the Reports tab', () => {
  it('is linked from the plan and shows the week of the ticks made on the dashboard', async () => {
    const page = await newPage();
    // Without JavaScript: the item page's form posts. Reopen CACHE-001 and CACHE-002 (on main a re-tick right
    // after its own untick is undone instead), then complete both again, CACHE-001 with a note.
    const setOn = async (key: string, status: string, note = '') => {
      await page.goto(`${server.url}/plans/${slug}/items/${key}`);
      const form = page.getByTestId('note-form');
      if (note) await form.getByLabel('Change with a note').fill(note);
      await form.getByLabel('New status').selectOption(status);
      await form.getByRole('button', { name: 'Save', exact: true }).click();
    };
    await setOn('CACHE-001', 'todo');
    await setOn('CACHE-002', 'todo');
    // The note lands in the log row, the history and the report.
    await setOn('CACHE-001', 'done', 'herd fixed with request coalescing');
    expect(await page.getByTestId('history').locator('tbody tr').first().innerText()).toMatch(
      new RegExp(`To do\\s+→\\s+Done\\s+Dashboard\\s+${me}\\s+herd fixed with request coalescing`),
    );
    expect(readFileSync(planPath, 'utf8')).toMatch(/\| CACHE-001 \| herd fixed with request coalescing \|/);
    await page.screenshot({ path: path.join(SHOTS, 'item-note-1280.png') });
    await setOn('CACHE-002', 'done');
    await page.getByRole('link', { name: 'Reports' }).click();
    expect(page.url()).toBe(reports());
    // The current week: two completions from the dashboard, both reopened in the same week.
    expect(await page.getByTestId('done-this-week').locator('.stat-value').innerText()).toBe('2');
    const completed = await page.getByTestId('completed').innerText();
    expect(completed).toContain('Phase 1: HIGH Priority Items');
    expect(completed).toContain('1.1 Caching Problems & Solutions');
    expect(completed).toMatch(
      new RegExp(
        `CACHE-001 Thunder Herd Problem\\s+— \\d{4}-\\d\\d-\\d\\d, ${me} \\(dashboard\\) — “herd fixed with request coalescing”`,
      ),
    );
    expect(await page.getByTestId('changes-reopened').innerText()).toMatch(/CACHE-001[^]*CACHE-002/);
    expect(await page.getByTestId('changes-started').innerText()).toContain('None.');
    expect(await page.getByTestId('forecast').locator('.stat-value').innerText()).toBe('done');
    // Document health this week: the plan's warnings appeared with its import, and the first write-back fixed
    // the summary table's stated numbers.
    expect(await page.getByTestId('health-appeared').innerText()).toMatch(/duplicate-section/);
    expect(await page.getByTestId('health-settled').innerText()).toMatch(
      /Summary row "Phase 1 \(HIGH\)" states 55 total but the document holds 56\.\s+count-mismatch/,
    );
    await page.context().close();
  });

  it('the week picker changes the content and the URL: document weeks, ISO weeks, ranges', async () => {
    const page = await newPage();
    await page.goto(reports());
    await page.getByTestId('week-select').selectOption('Week 2');
    await page.getByRole('button', { name: 'Show week' }).click();
    expect(new URL(page.url()).searchParams.get('week')).toBe('Week 2');
    expect(await page.getByTestId('report-week').innerText()).toBe('Week 2 (2026-01-03 – 2026-01-04)');
    expect(await page.getByRole('heading', { name: 'Completed (72)' }).count()).toBe(1);
    const donePerPhase = async () =>
      (await page.getByTestId('phase-table').locator('tbody tr').allInnerTexts()).map((t) => t.split('\t')[5]);
    expect(await donePerPhase()).toEqual(['0', '41', '31']);

    await page.getByTestId('week-select').selectOption('2026-W01');
    await page.getByRole('button', { name: 'Show week' }).click();
    expect(new URL(page.url()).searchParams.get('week')).toBe('2026-W01');
    expect(await page.getByTestId('report-week').innerText()).toBe('2026-W01 (2025-12-29 – 2026-01-04)');
    expect(await page.getByRole('heading', { name: 'Completed (128)' }).count()).toBe(1);
    expect(await donePerPhase()).toEqual(['56', '41', '31']);
    // The previous-week link steps back one ISO week.
    await page.getByRole('link', { name: '← Previous week' }).click();
    expect(new URL(page.url()).searchParams.get('week')).toBe('2025-W52');
    expect(await page.getByRole('heading', { name: 'Completed (0)' }).count()).toBe(1);

    await page.getByText('Any range of days…').click();
    await page.getByLabel('From', { exact: true }).fill('2026-01-02');
    await page.getByLabel('To', { exact: true }).fill('2026-01-02');
    await page.getByRole('button', { name: 'Show range' }).click();
    const url = new URL(page.url());
    expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual(['2026-01-02', '2026-01-02']);
    expect(await page.getByRole('heading', { name: 'Completed (56)' }).count()).toBe(1);
    await page.context().close();
  });

  it('keeps the week start and time zone in the URL: Sunday weeks, and the steps between them', async () => {
    const page = await newPage();
    await page.goto(reports('?week=2026-01-03'));
    await page.getByText('Week settings').click();
    await page.getByLabel('Weeks start on').selectOption('7');
    await page.getByLabel('Time zone').fill('America/New_York');
    await page.getByRole('button', { name: 'Show week' }).click();
    const url = new URL(page.url());
    expect([url.searchParams.get('weekStart'), url.searchParams.get('tz')]).toEqual(['7', 'America/New_York']);
    // A week starting on Sunday is named by its first day.
    expect(await page.getByTestId('report-week').innerText()).toBe('2025-12-28 (2025-12-28 – 2026-01-03)');
    await page.getByRole('link', { name: '← Previous week' }).click();
    const prev = new URL(page.url());
    expect([prev.searchParams.get('week'), prev.searchParams.get('weekStart'), prev.searchParams.get('tz')]).toEqual([
      '2025-12-21',
      '7',
      'America/New_York',
    ]);
    expect(await page.getByTestId('report-week').innerText()).toBe('2025-12-21 (2025-12-21 – 2025-12-27)');
    await page.context().close();
  });

  it('says in one line why a week cannot be reported, and offers nothing to download or append', async () => {
    const page = await newPage();
    for (const [search, message] of [
      ['?week=Week%209', /unknown week 'Week 9'.*'Week 1', 'Week 2'/],
      ['?from=2026-01-05&to=2026-01-01', /ends \(2026-01-01\) before it starts/],
      ['?week=2099-W01', /after today/],
    ] as const) {
      const response = await page.goto(reports(search));
      expect(response?.status()).toBe(400);
      expect(await page.getByTestId('report-error').innerText()).toMatch(message);
      expect(await page.getByTestId('download').count()).toBe(0);
    }
    const download = await fetch(`${server.url}/plans/${slug}/reports/download?week=Week%209`);
    expect(download.status).toBe(400);
    await page.context().close();
  });

  it('downloads the same markdown the CLI prints for that week', async () => {
    for (const week of ['2026-W01', 'Week 1']) {
      const page = await newPage();
      await page.goto(reports(`?week=${encodeURIComponent(week)}`));
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
      const body = readFileSync((await download.path())!, 'utf8');
      const cli = await tickmark(['report', slug, '--week', week, '--no-sync']);
      expect(cli.stderr).toBe('');
      expect(cli.code).toBe(0);
      expect(body).toBe(cli.stdout);
      expect(body).toContain(`# Weekly report: System Design Gap Implementation Plan — ${week}`);
      expect(download.suggestedFilename()).toBe(`${slug}-${week.replace(' ', '-')}.md`);
      await page.context().close();
    }
  });

  it('Append writes exactly one report block; a second append changes nothing; the counts stay', async () => {
    const page = await newPage({ javaScriptEnabled: true });
    await page.goto(reports('?week=2026-W01'));
    const before = readFileSync(planPath, 'utf8');
    await page.getByRole('button', { name: 'Append to the plan' }).click();
    await eventually(
      () => page.getByRole('status').allInnerTexts(),
      (t) => t.some((s) => s.includes('Wrote the 2026-W01 report')),
    );
    const once = readFileSync(planPath, 'utf8');
    const blocks = findReportBlocks(once);
    expect(blocks.map((b) => b.week)).toEqual(['2026-W01']);
    // Only the block (and the blank line before it) was added; every item keeps its status.
    expect(once.slice(0, blocks[0].start - 2) + once.slice(blocks[0].end)).toBe(before);
    expect(statuses(once)).toEqual(statuses(before));
    expect(once.slice(blocks[0].start, blocks[0].end)).toContain(
      '| Phase 1: HIGH Priority Items | 56 | 56 | 0 | done |',
    );

    await page.goto(reports('?week=2026-W01'));
    await page.getByRole('button', { name: 'Append to the plan' }).click();
    await eventually(
      () => page.getByRole('status').allInnerTexts(),
      (t) => t.some((s) => s.includes('already up to date')),
    );
    expect(readFileSync(planPath, 'utf8')).toBe(once);
    // The plan's counts are the items', not the block's: still 128 of 128 on the overview.
    await page.goto(`${server.url}/plans/${slug}`);
    expect(await page.locator('.stat').first().innerText()).toContain('128 of 128');
    await page.context().close();
  });

  it('refuses to append when the document changed after the page was shown, and writes nothing', async () => {
    const page = await newPage();
    await page.goto(reports('?week=Week%201'));
    const edited = readFileSync(planPath, 'utf8').replace('Thunder Herd Problem', 'Thundering Herd Problem');
    writeFileSync(planPath, edited);
    await page.getByRole('button', { name: 'Append to the plan' }).click();
    expect(await page.getByRole('alert').innerText()).toMatch(/changed after this report was computed; nothing was/);
    expect(readFileSync(planPath, 'utf8')).toBe(edited);
    expect(findReportBlocks(edited).map((b) => b.week)).toEqual(['2026-W01']);
    await page.context().close();
  });

  it('draws both charts and reads well at 1280 and 390 px', async () => {
    for (const width of [1280, 390]) {
      const page = await newPage({ javaScriptEnabled: true, width });
      await page.goto(reports('?week=2026-W01'));
      for (const id of ['throughput-chart', 'burnup-chart']) {
        const canvas = page.getByTestId(id);
        // Drawn: the canvas has coloured pixels (chart.js draws at once, animations off).
        const painted = await canvas.evaluate((c: HTMLCanvasElement) => {
          const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
          return n;
        });
        expect(painted).toBeGreaterThan(1000);
        const box = (await canvas.boundingBox())!;
        expect(box.width).toBeLessThanOrEqual(width);
        expect(box.height).toBeGreaterThan(150);
      }
      await page.screenshot({ path: path.join(SHOTS, `reports-${width}.png`), fullPage: true });
      await page.screenshot({ path: path.join(SHOTS, `reports-${width}-top.png`) });
      await page.getByTestId('burnup-chart').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `reports-${width}-charts.png`) });
      const wide = await page.evaluate((w) => {
        const out: string[] = [];
        for (const el of document.querySelectorAll('body *')) {
          if (el.closest('.table-wrap')) continue; // wide tables scroll inside their own box
          const r = el.getBoundingClientRect();
          if (r.right > w + 1) out.push(`${el.tagName}.${el.className} ${Math.round(r.right)}`);
        }
        return out.slice(0, 10);
      }, width);
      expect(wide).toEqual([]);
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.report-picker').isVisible()).toBe(false);
      expect(await page.locator('nav.tabs').isVisible()).toBe(false);
      await page.screenshot({ path: path.join(SHOTS, `reports-print-${width}.png`), fullPage: true });
      await page.context().close();
    }
  });

  it('prints every diagnostic of the week, where the screen scrolls them in a box', async () => {
    const page = await newPage({ width: 1280 });
    await page.goto(reports()); // this week: the plan's import made all its diagnostics appear
    const lists = page.getByTestId('report-health').locator('ul.diagnostics');
    const hidden = () => lists.evaluateAll((uls) => uls.map((ul) => ul.scrollHeight - ul.clientHeight));
    expect(Math.max(...(await hidden()))).toBeGreaterThan(0); // on screen the list scrolls…
    await page.emulateMedia({ media: 'print' });
    expect(await hidden()).toEqual((await hidden()).map(() => 0)); // …on paper nothing is cut off
    expect(await lists.locator('li').count()).toBeGreaterThanOrEqual(10);
    await page.context().close();
  });

  // The plan's log ends in January 2026 and its ticks here are today's: weeks 19 to 30 of 2026 saw nothing.
  it('says in words that its weeks saw nothing completed or added, instead of an empty chart', async () => {
    const page = await newPage({ javaScriptEnabled: true });
    await page.goto(reports('?week=2026-W30'));
    expect(await page.getByTestId('throughput-empty').innerText()).toBe(
      'Nothing was completed or added from 2026-W19 to 2026-W30.',
    );
    expect(await page.getByTestId('throughput-chart').count()).toBe(0);
    expect(await page.getByTestId('burnup-chart').count()).toBe(1); // the scope and what is done still show
    await page.context().close();
  });

  it('the all-plans report adds the plans up, from a link on the index', async () => {
    copyFileSync(SEED, path.join(plansDir, 'second-plan.md'));
    const page = await newPage();
    await eventually(
      async () => {
        await page.goto(server.url);
        return page.locator('.plan-card').count();
      },
      (n) => n === 2,
    );
    await page.getByRole('link', { name: 'Weekly report across all plans' }).click();
    expect(new URL(page.url()).pathname).toBe('/reports');
    await page.getByTestId('week-select').selectOption('2026-W01');
    await page.getByRole('button', { name: 'Show week' }).click();
    expect(new URL(page.url()).searchParams.get('week')).toBe('2026-W01');
    expect(await page.getByRole('heading', { name: 'Completed (256)' }).count()).toBe(1);
    const phases = await page.getByTestId('phase-table').locator('tbody th').allInnerTexts();
    expect(phases).toHaveLength(6);
    expect(phases.filter((p) => p.endsWith('· Phase 1: HIGH Priority Items'))).toHaveLength(2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    const body = readFileSync((await download.path())!, 'utf8');
    expect(body.split('\n')[0]).toBe('# Weekly report: All plans — 2026-W01 (2025-12-29 – 2026-01-04)');
    expect(body).toContain('## Completed (256)');
    // Document weeks belong to one plan: refused here in one line.
    const response = await page.goto(`${server.url}/reports?week=Week%201`);
    expect(response?.status()).toBe(400);
    expect(await page.getByTestId('report-error').innerText()).toMatch(/unknown week 'Week 1'/);
    await page.context().close();
  });

  // Last: once a user exists the dashboard requires sign-in (issue 13), which the tests above do not use.
  it('Append is a lead’s: a contributor sees no button, a forged append is refused, the file untouched', async () => {
    const added = await tickmark(['user', 'add', 'carol', '--role', 'contributor'], 'carol-password-1\n');
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const page = await newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('User name').fill('carol');
    await page.getByLabel('Password').fill('carol-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(reports('?week=Week%202'));
    const before = readFileSync(planPath);
    await expect(page.getByRole('link', { name: 'Download markdown' }).count()).resolves.toBe(1);
    expect(await page.getByRole('button', { name: 'Append to the plan' }).count()).toBe(0);
    // The server still refuses the append the page no longer offers, posted by hand with the session's token.
    const csrf = await page.evaluate(async () => {
      const r = await fetch('/?_data=root');
      return ((await r.json()) as { csrf: string }).csrf;
    });
    const answer = await page.request.post(reports('?week=Week%202&_data=routes%2Fplans.%24slug.reports'), {
      form: { intent: 'append', week: 'Week 2', _csrf: csrf },
      headers: { Origin: server.url },
    });
    expect(answer.status()).toBe(403);
    expect(((await answer.json()) as { message: string }).message).toMatch(/carol is a contributor.*only a lead may/);
    expect(readFileSync(planPath).equals(before)).toBe(true);
    await page.context().close();
  });
});
