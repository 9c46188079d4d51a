// The read commands beside the running dashboard: on the embedded database the dashboard holds it, so each read
// is handed to the server (cli/lib/read.ts, /api/cli/read) and must print exactly what it prints alone.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tickmark, type CliResult } from '../../../helpers/cli';
import { buildApp, ROOT, startServer, type RunningServer } from '../../../helpers/server';

const SEED = path.join(ROOT, 'tests/fixtures/seed/input.md');
const SMALL = `# Small plan

## Phase 1: Start (HIGH)

### 1.1 First

- [x] **SM-001**: One thing
- [ ] **SM-002**: Another thing

## Progress Log

### Week 1
| Date | Items Completed | Notes |
|------|-----------------|-------|
| 2026-01-03 | SM-001 | First |
`;

let scratch: string;
let plansDir: string;
let planFile: string;
let env: Record<string, string>;
let server: RunningServer | null = null;
let viewerToken = '';
let leadToken = '';

/** Every read command, as a user types them: one plan by file or slug, all plans, text and JSON. */
const READS: string[][] = [];

beforeAll(async () => {
  buildApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'tickmark-reads-'));
  plansDir = path.join(scratch, 'plans');
  mkdirSync(plansDir);
  planFile = path.join(plansDir, 'system-design-gap-plan.md');
  copyFileSync(SEED, planFile);
  writeFileSync(path.join(plansDir, 'small.md'), SMALL);
  env = { PLANS_DIR: plansDir, TICKMARK_DATA_DIR: path.join(scratch, 'data'), DATABASE_URL: '' };
  READS.push(
    ['status'],
    ['status', planFile, '--json'],
    ['next', '--limit', '5'],
    ['next', 'small', '--json'],
    ['list', planFile, '--prefix', 'CACHE'],
    ['list', '--status', 'todo'],
    ['list', 'small', '--json'],
    ['report', planFile, '--from', '2026-01-01', '--to', '2026-01-07'],
    ['report', '--from', '2026-01-01', '--to', '2026-01-07', '--json'],
    ['history', planFile, 'CACHE-001'],
    ['history', planFile, '--json'],
  );
});

afterAll(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const shown = (r: CliResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

it('prints every read beside the dashboard exactly as it prints it alone, and refuses a read without a token', async () => {
  if (process.env.DATABASE_URL) return; // with a PostgreSQL server every process opens it: nothing to hand over
  // Alone: each command opens the embedded database itself (the first one imports both plans).
  const alone: CliResult[] = [];
  for (const args of READS) alone.push(await tickmark(args, env));
  for (const [i, r] of alone.entries()) expect(r.code, `${READS[i].join(' ')}\n${shown(r)}`).toBe(0);
  // Sign-in required from now on: the server asks who reads, a viewer's token is enough.
  expect((await tickmark(['user', 'add', 'lena', '--role', 'lead'], env, 'correct horse battery\n')).code).toBe(0);
  const token = await tickmark(['token', 'create', 'reader', '--role', 'viewer'], env);
  expect(token.code, token.stderr).toBe(0);
  viewerToken = token.stdout.trim();
  const lead = await tickmark(['token', 'create', 'admin', '--role', 'lead'], env);
  expect(lead.code, lead.stderr).toBe(0);
  leadToken = lead.stdout.trim();

  server = await startServer({ plansDir, env: { TICKMARK_DATA_DIR: env.TICKMARK_DATA_DIR } });
  // Alone it would now fail: the dashboard holds the embedded database.
  for (const [i, args] of READS.entries()) {
    const beside = await tickmark(args, { ...env, TICKMARK_TOKEN: viewerToken });
    expect(shown(beside), READS[i].join(' ')).toBe(shown(alone[i]));
  }
  const refused = await tickmark(['status'], env);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/TICKMARK_TOKEN/);
  expect(refused.stdout).toBe('');
}, 600_000); // eleven embedded-database openings alone, at seconds each

it("hands `history import` to the dashboard: a lead's re-reads the plan's commits, a viewer's is refused", async () => {
  if (process.env.DATABASE_URL || !server) return; // the test above starts the dashboard on the embedded database
  // The small plan, committed by Ann before Tickmark first imported it: its history is that commit.
  const git = (args: string[]) =>
    execFileSync('git', ['-C', plansDir, ...args], {
      stdio: 'ignore',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Ann',
        GIT_AUTHOR_EMAIL: 'ann@example.com',
        GIT_AUTHOR_DATE: '2026-01-02T09:00:00Z',
        GIT_COMMITTER_NAME: 'Ann',
        GIT_COMMITTER_EMAIL: 'ann@example.com',
        GIT_COMMITTER_DATE: '2026-01-02T09:00:00Z',
      },
    });
  git(['init', '-q']);
  git(['add', 'small.md']);
  git(['commit', '-q', '-m', 'the small plan']);
  const small = path.join(plansDir, 'small.md');
  const refused = await tickmark(['history', 'import', small], { ...env, TICKMARK_TOKEN: viewerToken });
  expect(refused.code, shown(refused)).toBe(1);
  expect(refused.stderr).toMatch(/only a lead/);
  const imported = await tickmark(['history', 'import', small], { ...env, TICKMARK_TOKEN: leadToken });
  expect(imported.code, shown(imported)).toBe(0);
  // SM-001's completion is dated by the progress log, which wins: SM-002's addition is the one git event.
  expect(imported.stdout).toBe(`${small}: 1 events from 1 commits\n`);
  const history = await tickmark(['history', small, 'SM-002', '--json'], { ...env, TICKMARK_TOKEN: viewerToken });
  expect(history.code, shown(history)).toBe(0);
  expect(
    (JSON.parse(history.stdout) as { source: string; actor: string; at: string }[]).map((e) => [
      e.source,
      e.actor,
      e.at,
    ]),
  ).toEqual([['git', 'Ann', '2026-01-02T09:00:00.000Z']]);
}, 120_000);
