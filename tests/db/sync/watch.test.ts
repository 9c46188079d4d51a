// `--watch`: edits made by another process (in place, or by writing a temp file and renaming it over the plan)
// are picked up; a write whose hash is already recorded (a write-back) imports nothing, yet this process's live
// pages hear of it unless this process made the change itself.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { testDb, tempPlansDir, copySeed, uniqueName, repoRoot } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { items, plans } from '../../../db/schema';
import { syncPlan, type SyncResult } from '../../../sync/import';
import { watchPlans, type PlanWatcher } from '../../../sync/watch';
import { recordSyncState } from '../../../db/writes/plan-rows';
import { hashBytes } from '../../../sync/hash';
import { onPlanChanged, type PlanChanged } from '../../../sync/events';
import { setStatus } from '../../../sync/engine';

let db: Db;
let watcher: PlanWatcher | undefined;
let stopListening: (() => void) | undefined;
beforeAll(async () => {
  db = await testDb();
});
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  stopListening?.();
  stopListening = undefined;
});

/** The plan-changed notifications this process's live pages would get for one plan. */
function announcements(planId: number): PlanChanged[] {
  const heard: PlanChanged[] = [];
  stopListening = onPlanChanged((e) => {
    if (e.planId === planId) heard.push(e);
  });
  return heard;
}

/** Node in a separate process (a stand-in for an editor, or the real CLI); resolves with its exit and output. */
function node(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString() }));
  });
}

/** Run a script in a separate Node process and wait for it to succeed. */
async function inChild(script: string, ...args: string[]): Promise<void> {
  const { code } = await node(['-e', script, ...args]);
  if (code !== 0) throw new Error(`child exited with ${code}`);
}

const tickmark = (args: string[], env: Record<string, string>) =>
  node([path.join(repoRoot, 'bin/tickmark.js'), ...args], env);

const EDIT_IN_PLACE = `
const fs = require('fs'); const [file, from, to] = process.argv.slice(1);
const text = fs.readFileSync(file, 'utf8'); if (!text.includes(from)) process.exit(3);
fs.writeFileSync(file, text.replace(from, to));`;

// What vim/VS Code do on save: write a sibling temp file, then rename it over the original.
const EDIT_BY_RENAME = `
const fs = require('fs'); const path = require('path'); const [file, from, to] = process.argv.slice(1);
const text = fs.readFileSync(file, 'utf8'); if (!text.includes(from)) process.exit(3);
const tmp = path.join(path.dirname(file), '.' + path.basename(file) + '.swp');
fs.writeFileSync(tmp, text.replace(from, to)); fs.renameSync(tmp, file);`;

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A copy of the seed, imported, under a running watcher; with the syncs it runs and the pages' announcements. */
async function watchedSeed() {
  const dir = tempPlansDir('watch');
  const file = copySeed(dir);
  const planId = (await syncPlan(db, file, { plansDir: dir })).planId!;
  const seen: SyncResult[] = [];
  const w = (watcher = watchPlans(db, dir, { debounceMs: 100, onSync: (r) => seen.push(r) }));
  await w.ready;
  return { dir, file, planId, seen, watcher: w, heard: announcements(planId) };
}

async function status(planId: number, key: string) {
  const [row] = await db
    .select({ status: items.status, version: items.version })
    .from(items)
    .where(and(eq(items.planId, planId), eq(items.key, key)));
  return row;
}

it('picks up edits written by another process, in place and by rename', async () => {
  const { file, planId, seen, watcher } = await watchedSeed();

  await inChild(EDIT_IN_PLACE, file, '- [x] **CACHE-002**', '- [/] **CACHE-002**');
  await until('CACHE-002 in progress', async () => (await status(planId, 'CACHE-002')).status === 'in-progress');

  await inChild(EDIT_BY_RENAME, file, '- [x] **K8S-003**', '- [ ] **K8S-003**');
  await until('K8S-003 todo', async () => (await status(planId, 'K8S-003')).status === 'todo');
  await watcher.idle();

  // Each save produced item updates for exactly the edited item; the rename never looked like a deletion.
  const [plan] = await db.select().from(plans).where(eq(plans.id, planId));
  expect(plan.error).toBeNull();
  const updates = seen.filter((r) => r.outcome === 'updated');
  expect(updates.map((r) => r.changes.updated)).toEqual([1, 1]);
  expect(updates.every((r) => r.changes.removed === 0 && r.changes.inserted === 0)).toBe(true);
  expect(await status(planId, 'CACHE-002')).toEqual({ status: 'in-progress', version: 2 });
});

it('imports nothing for a write whose hash is already recorded, but tells the live pages (recorded elsewhere)', async () => {
  const { file, planId, seen, heard, watcher } = await watchedSeed();

  const next = Buffer.from(readFileSync(file, 'utf8').replace('- [x] **NET-001**', '- [ ] **NET-001**'));
  // The write-back engine records the new hash in the same transaction as its change, then writes.
  await recordSyncState(db, planId, file, hashBytes(next), next.length);
  await inChild(
    `require('fs').writeFileSync(process.argv[1], Buffer.from(process.argv[2], 'base64'))`,
    file,
    next.toString('base64'),
  );
  await until('the watcher to look at the file', async () => seen.length > 0);
  await watcher.idle();
  expect(seen.map((r) => r.outcome)).toEqual(['unchanged']);
  // Nothing was imported: the database still holds what it had (the engine would have written the change).
  expect((await status(planId, 'NET-001')).status).toBe('done');
  // This process did not make the change, so its pages are told once.
  expect(heard.map((e) => e.source)).toEqual(['markdown']);
});

it('tells the live pages when another process changes the plan through the database (tickmark set)', async () => {
  const { dir, file, planId, seen, heard, watcher } = await watchedSeed();

  const out = await tickmark(['set', file, 'CACHE-003', 'in-progress'], { PLANS_DIR: dir });
  expect(out.code).toBe(0);
  // On a PostgreSQL server the child records the change (event, version, hash) itself; the embedded database is
  // held by this process, so there the child edits the file and this watcher imports it.
  const recordedByChild = !!process.env.DATABASE_URL;
  expect(out.stdout).toContain(recordedByChild ? 'recorded in plan' : 'set CACHE-003 done → in-progress');
  await until('the announcement', async () => heard.length > 0);
  await watcher.idle();
  expect(heard.map((e) => e.source)).toEqual(['markdown']);
  expect(seen.map((r) => r.outcome)).toEqual([recordedByChild ? 'unchanged' : 'updated']);
  expect(seen[0].hash).toBe(hashBytes(readFileSync(file)));
  expect(await status(planId, 'CACHE-003')).toEqual({ status: 'in-progress', version: 2 });
});

it('does not announce twice a change this process wrote itself', async () => {
  const { dir, file, planId, seen, heard, watcher } = await watchedSeed();

  await setStatus(db, { id: planId }, 'NET-002', 'todo', { source: 'ui', actor: 'test', plansDir: dir });
  await until('the watcher to look at the file', async () => seen.length > 0);
  await watcher.idle();
  expect(seen.map((r) => r.outcome)).toEqual(['unchanged']);
  expect(seen[0].hash).toBe(hashBytes(readFileSync(file)));
  expect(heard.map((e) => e.source)).toEqual(['ui']);

  // A later change by someone else is still announced.
  const next = Buffer.from(readFileSync(file, 'utf8').replace('- [x] **NET-003**', '- [ ] **NET-003**'));
  await recordSyncState(db, planId, file, hashBytes(next), next.length);
  await inChild(
    `require('fs').writeFileSync(process.argv[1], Buffer.from(process.argv[2], 'base64'))`,
    file,
    next.toString('base64'),
  );
  await until('the second announcement', async () => heard.length > 1);
  await watcher.idle();
  expect(heard.map((e) => e.source)).toEqual(['ui', 'markdown']);
});

it('imports a new plan file and flags one that is deleted', async () => {
  const dir = tempPlansDir('watch');
  const seen: SyncResult[] = [];
  watcher = watchPlans(db, dir, { debounceMs: 100, onSync: (r) => seen.push(r) });
  await watcher.ready;
  const file = path.join(dir, uniqueName('new'));
  await inChild(
    `require('fs').writeFileSync(process.argv[1], '# New\\n\\n## Phase 1: Start\\n\\n- [ ] **NEW-001**: first\\n')`,
    file,
  );
  const created = await until('the new plan', async () => seen.find((r) => r.outcome === 'created'));
  expect(created.items).toBe(1);
  await inChild(`require('fs').rmSync(process.argv[1])`, file);
  const flagged = await until('the deletion flag', async () => seen.find((r) => r.outcome === 'error'));
  expect(flagged.error).toMatch(/no such file/);
  const [plan] = await db.select().from(plans).where(eq(plans.id, created.planId!));
  expect(plan.error).toMatch(/no such file/);
  expect((await status(created.planId!, 'NEW-001')).status).toBe('todo');
});
