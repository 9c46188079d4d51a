// History from git: a plan committed in 6 versions by 2 authors over 3 weeks, in a repository built here,
// imports to exactly those events, dates and authors; `tickmark history FILE ITEM --json` prints them.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { testDb, tempPlansDir, repoRoot } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { planHistory } from '../../../db/queries/history';
import { syncPlan } from '../../../sync/import';
import { importGitHistory } from '../../../sync/git-history';
import { burndownSeries } from '../../../db/queries/burndown';
import { planCounts } from '../../../db/queries/plans';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const plan = (lines: string[]) => `# Git plan\n\n## Phase 1: Work\n\n${lines.join('\n')}\n`;
const VERSIONS: [string, string, string[]][] = [
  ['2026-11-02T09:00:00Z', 'Ann', ['- [ ] **A-001**: One', '- [ ] **A-002**: Two', '- [ ] **A-003**: Three']],
  ['2026-11-04T10:00:00Z', 'Bob', ['- [x] **A-001**: One', '- [ ] **A-002**: Two', '- [ ] **A-003**: Three']],
  [
    '2026-11-09T11:00:00Z',
    'Ann',
    ['- [x] **A-001**: One', '- [/] **A-002**: Two', '- [ ] **A-003**: Three', '- [ ] **A-004**: Four'],
  ],
  ['2026-11-12T12:00:00Z', 'Bob', ['- [x] **A-001**: One', '- [/] **A-002**: Two', '- [ ] **A-004**: Four']],
  ['2026-11-16T13:00:00Z', 'Ann', ['- [x] **A-001**: One', '- [x] **A-002**: Two', '- [ ] **A-004**: Four']],
  ['2026-11-20T14:00:00Z', 'Bob', ['- [x] **A-001**: One, renamed', '- [x] **A-002**: Two', '- [x] **A-004**: Four']],
];

function repo(): { dir: string; file: string } {
  const dir = tempPlansDir('git');
  const file = path.join(dir, 'git-plan.md');
  const run = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', ['-C', dir, ...args], { env: { ...process.env, ...env }, stdio: 'ignore' });
  run(['init', '-q']);
  for (const [at, author, lines] of VERSIONS) {
    writeFileSync(file, plan(lines));
    run(['add', 'git-plan.md']);
    const who = { name: author, email: `${author.toLowerCase()}@example.com` };
    run(['commit', '-q', '-m', `plan at ${at}`], {
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_AUTHOR_DATE: at,
      GIT_COMMITTER_NAME: who.name,
      GIT_COMMITTER_EMAIL: who.email,
      GIT_COMMITTER_DATE: at,
    });
  }
  return { dir, file };
}

const EXPECTED = [
  { id: 'A-001', from: null, to: 'todo', at: '2026-11-02T09:00:00.000Z', actor: 'Ann' },
  { id: 'A-002', from: null, to: 'todo', at: '2026-11-02T09:00:00.000Z', actor: 'Ann' },
  { id: 'A-003', from: null, to: 'todo', at: '2026-11-02T09:00:00.000Z', actor: 'Ann' },
  { id: 'A-001', from: 'todo', to: 'done', at: '2026-11-04T10:00:00.000Z', actor: 'Bob' },
  { id: 'A-002', from: 'todo', to: 'in-progress', at: '2026-11-09T11:00:00.000Z', actor: 'Ann' },
  { id: 'A-004', from: null, to: 'todo', at: '2026-11-09T11:00:00.000Z', actor: 'Ann' },
  { id: 'A-003', from: 'todo', to: 'removed', at: '2026-11-12T12:00:00.000Z', actor: 'Bob' },
  { id: 'A-002', from: 'in-progress', to: 'done', at: '2026-11-16T13:00:00.000Z', actor: 'Ann' },
  { id: 'A-004', from: 'todo', to: 'done', at: '2026-11-20T14:00:00.000Z', actor: 'Bob' },
];

it("reads the commits on the plan's first import as dated events by their authors, and again without doubling them", async () => {
  const { dir, file } = repo();
  // The ordinary first import (tickmark sync, the dashboard's start-up) reads the git history itself.
  const r = await syncPlan(db, file, { plansDir: dir });
  expect(r.git).toEqual({ events: 9, commits: 6 });
  const planId = r.planId!;
  const events = (await planHistory(db, planId)).filter((e) => e.source === 'git');
  const strip = (e: (typeof events)[number]) => ({ id: e.id, from: e.from, to: e.to, at: e.at, actor: e.actor });
  const byTime = (a: { at: string; id: string | null }, b: { at: string; id: string | null }) =>
    a.at.localeCompare(b.at) || (a.id ?? '').localeCompare(b.id ?? '');
  expect(events.map(strip).sort(byTime)).toEqual(EXPECTED);
  expect(await importGitHistory(db, planId, file)).toEqual({ events: 9, commits: 6 });
  expect((await planHistory(db, planId)).filter((e) => e.source === 'git')).toHaveLength(9);
  // The burndown starts at the first commit and ends with none left at the last; A-003, gone before Tickmark
  // saw the plan, is scope from its addition to its removal.
  const b = await burndownSeries(db, planId, { today: new Date('2026-11-30T00:00:00Z') });
  expect(b.history.since).toBe('2026-11-02');
  expect(b.points.map((p) => [p.day, p.scope, p.remaining])).toEqual([
    ['2026-11-01', 0, 0],
    ['2026-11-02', 3, 3],
    ['2026-11-04', 3, 2],
    ['2026-11-09', 4, 3],
    ['2026-11-12', 3, 2],
    ['2026-11-16', 3, 1],
    ['2026-11-20', 3, 0],
    ['2026-11-30', 3, 0],
  ]);
  // The removed item's row is removed (not counted, not listed) and comes back when the file names it again.
  const counted = await planCounts(db, planId);
  expect(counted.total).toBe(3);
  writeFileSync(file, `${readFileSync(file, 'utf8')}- [ ] **A-003**: Three, again\n`);
  const again = await syncPlan(db, file, { plansDir: dir });
  expect(again.outcome).toBe('updated');
  expect((await planCounts(db, planId)).total).toBe(4);
  const a003 = await planHistory(db, planId, 'A-003');
  expect(a003.map((e) => [e.from, e.to, e.source])).toEqual([
    [null, 'todo', 'git'],
    ['todo', 'removed', 'git'],
    ['removed', 'todo', 'markdown'],
  ]);
  writeFileSync(file, plan(VERSIONS.at(-1)![2])); // back to the committed text for the command line below

  // The command line prints one item's history as JSON (a child process reaches only a database server:
  // the embedded one is held by this test process).
  if (!process.env.DATABASE_URL) return;
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, 'bin/tickmark.js'), 'history', file, 'A-002', '--json'],
      {
        cwd: repoRoot,
        env: { ...process.env, PLANS_DIR: dir },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let s = '';
    child.stdout.on('data', (d) => (s += d));
    child.on('error', reject);
    child.on('close', () => resolve(s));
  });
  const json = JSON.parse(out) as {
    id: string;
    key: string;
    from: string;
    to: string;
    at: string;
    source: string;
    actor: string;
  }[];
  expect(json.map((e) => [e.id, e.key, e.from, e.to, e.at, e.source, e.actor])).toEqual(
    EXPECTED.filter((e) => e.id === 'A-002').map((e) => [e.id, 'A-002', e.from, e.to, e.at, 'git', e.actor]),
  );
});

it('says so for a file outside git', async () => {
  const dir = tempPlansDir('nogit');
  const file = path.join(dir, 'plain.md');
  writeFileSync(file, plan(['- [ ] **B-001**: One']));
  const r = await syncPlan(db, file, { plansDir: dir });
  expect(r.git).toBeNull();
  expect(await importGitHistory(db, r.planId!, file)).toBeNull();
});

it('keeps the completion date the progress log states over the commit that ticked the item', async () => {
  const { dir, file } = repo();
  const logged = `${readFileSync(file, 'utf8')}
## Progress Log

### Week 1
| Date | Items Completed | Notes |
|------|-----------------|-------|
| 2026-11-03 | A-001 | done a day early |
`;
  writeFileSync(file, logged); // the log as the working copy states it, not yet committed
  const r = await syncPlan(db, file, { plansDir: dir });
  const a001 = await planHistory(db, r.planId!, 'A-001');
  expect(a001.filter((e) => e.to === 'done').map((e) => [e.at.slice(0, 10), e.source])).toEqual([
    ['2026-11-03', 'log'],
  ]);
  expect(a001.filter((e) => e.source === 'git').map((e) => [e.from, e.to, e.actor])).toEqual([[null, 'todo', 'Ann']]);
});
