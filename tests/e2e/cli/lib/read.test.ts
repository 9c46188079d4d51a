// The read commands beside the running dashboard: on the embedded database the dashboard holds it, so each read
// is handed to the server (cli/lib/read.ts, /api/cli/read) and must print exactly what it prints alone.
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
