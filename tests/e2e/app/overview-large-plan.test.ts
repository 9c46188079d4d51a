// The overview of the bench's 10,000-item plan (issue 15) stays one string V8 turns into bytes cheaply: a page
// of 65,536 characters or more costs ~1 ms more to flatten and encode, whatever its number of pieces (decision
// 061). The burndown's points as columns brought the page from 82,700 characters to 62,800.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, startServer, type RunningServer } from '../../helpers/server';
import { generatePlan } from '../../bench/generate-plan';

let server: RunningServer;
let plansDir: string;

beforeAll(async () => {
  buildApp();
  plansDir = mkdtempSync(path.join(tmpdir(), 'tickmark-e2e-large-'));
  writeFileSync(path.join(plansDir, 'generated-10k.md'), generatePlan({ items: 10_000, seed: 1 }));
  server = await startServer({ plansDir });
});

afterAll(async () => {
  await server?.stop();
  if (plansDir) rmSync(plansDir, { recursive: true, force: true });
});

it('keeps the overview of a 10,000-item plan under 65,536 characters, its whole burndown included', async () => {
  const html = await (await fetch(`${server.url}/plans/generated-10k`)).text();
  expect(html).toContain('data-testid="burndown"');
  expect(html).toContain('data-testid="summary"');
  // Every day of the table is there (a year of history), and the data the chart is drawn from.
  expect(html.match(/<tr><td class="mono">\d{4}-\d\d-\d\d<\/td>/g)?.length).toBeGreaterThan(300);
  expect(html).toContain('"burndown":{');
  expect(html.length).toBeLessThan(65_536);
});
