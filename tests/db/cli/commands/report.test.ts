// `tickmark report` as a real process on a copy of the example plan: the JSON fields, CSV, markdown, the
// one-line refusals that write nothing, and --append (twice = once, only the block changes, items intact).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childDbEnv, copySeed, repoRoot, tempPlansDir, testDb } from '../../../helpers/database';
import { findReportBlocks as findReportBlocksIn } from '../../../../parser/index';

function tickmark(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/tickmark.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let env: Record<string, string>;
let file: string;
beforeAll(async () => {
  await testDb();
  const dir = tempPlansDir('report-cli');
  file = copySeed(dir);
  env = { PLANS_DIR: dir, ...childDbEnv() };
});

it('--json: the week, completed items, counts, per phase, scope and forecast', async () => {
  const r = await tickmark(['report', file, '--week', '2026-W01', '--json'], env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const json = JSON.parse(r.stdout);
  expect(json.week).toEqual({ id: '2026-W01', start: '2025-12-29', end: '2026-01-04' });
  expect(json.completed).toHaveLength(128);
  expect(Object.keys(json.completed[0]).sort()).toEqual(
    ['actor', 'date', 'id', 'key', 'note', 'phase', 'section', 'source', 'title'].sort(),
  );
  expect(json.counts).toEqual({ total: 128, done: 128, inProgress: 0, remaining: 0 });
  expect(json.byPhase.map((p: { name: string; completedThisWeek: number }) => [p.name, p.completedThisWeek])).toEqual([
    ['Phase 1: HIGH Priority Items', 56],
    ['Phase 2: MEDIUM Priority Items', 41],
    ['Phase 3: LOW Priority Items', 31],
  ]);
  expect(json.scope).toEqual({ added: 0, removed: 0 });
  expect(json.forecast).toEqual({ status: 'done', p50: null, p85: null, p95: null });
});

it('document weeks by their heading; CSV lists the completed items; markdown is the default', async () => {
  const w2 = await tickmark(['report', file, '--week', 'Week 2', '--format', 'csv'], env);
  expect(w2.code).toBe(0);
  const rows = w2.stdout.trimEnd().split('\r\n');
  expect(rows[0]).toBe('id,key,title,phase,section,date,source,actor,note');
  expect(rows).toHaveLength(73);
  const md = await tickmark(['report', file, '--week', 'Week 1'], env);
  expect(md.stdout).toMatch(/^# Weekly report: System Design Gap Implementation Plan — Week 1 \(2026-01-02\)\n/);
  expect(md.stdout).toContain('## Completed (56)');
});

it('bad input: one line, a non-zero exit, the file untouched', async () => {
  const before = readFileSync(file);
  for (const args of [
    ['--week', 'Week 7'],
    ['--week', '2026-W54'],
    ['--from', '2026-01-04', '--to', '2026-01-01'],
    ['--week', '2099-W01'],
    ['--tz', 'Nowhere/Else'],
  ]) {
    const r = await tickmark(['report', file, ...args, '--append'], env);
    expect(r.code, args.join(' ')).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(/^tickmark report: /);
  }
  expect(readFileSync(file).equals(before)).toBe(true);
});

it('--append writes the block once: a second run changes nothing; items and statuses stay', async () => {
  const before = readFileSync(file, 'utf8');
  const first = await tickmark(['report', file, '--week', '2026-W01', '--append'], env);
  expect(first.code).toBe(0);
  expect(first.stderr).toMatch(/wrote the 2026-W01 report into the progress log/);
  const once = readFileSync(file, 'utf8');
  const blocks = findReportBlocksIn(once);
  expect(blocks).toHaveLength(1);
  // Only the block was added.
  expect(once.slice(0, blocks[0].start - 2) + once.slice(blocks[0].end)).toBe(before);
  expect(once.slice(blocks[0].start, blocks[0].end)).toContain('| Phase 1: HIGH Priority Items | 56 | 56 | 0 | done |');
  const second = await tickmark(['report', file, '--week', '2026-W01', '--append'], env);
  expect(second.stderr).toMatch(/already there; nothing to change/);
  expect(readFileSync(file, 'utf8')).toBe(once);
  const status = JSON.parse((await tickmark(['status', file, '--json'], env)).stdout);
  expect(status.plans[0]).toMatchObject({ total: 128, done: 128 });
  // The report after appending still counts 128 completions: the block is not read as items or log rows.
  const again = JSON.parse((await tickmark(['report', file, '--week', '2026-W01', '--json'], env)).stdout);
  expect(again.completed).toHaveLength(128);
});

it('without a PLAN: every plan added up, as the dashboard’s all-plans report', async () => {
  const dir = tempPlansDir('report-cli-all');
  copySeed(dir, 'one');
  copySeed(dir, 'two');
  // A database of its own holding just these two plans (on the server run too: others' plans would count).
  const data = mkdtempSync(path.join(tmpdir(), 'tickmark-report-cli-all-db-'));
  const allEnv = { ...env, PLANS_DIR: dir, DATABASE_URL: '', TICKMARK_DATA_DIR: data };
  const json = await tickmark(['report', '--week', '2026-W01', '--json'], allEnv);
  expect(json.stderr).toBe('');
  const r = JSON.parse(json.stdout);
  expect(Array.isArray(r)).toBe(false);
  expect(r.completed).toHaveLength(256);
  expect(r.counts).toMatchObject({ total: 256, done: 256, remaining: 0 });
  const md = await tickmark(['report', '--week', '2026-W01', '--no-sync'], allEnv);
  expect(md.stdout.split('\n')[0]).toBe('# Weekly report: All plans — 2026-W01 (2025-12-29 – 2026-01-04)');
});
