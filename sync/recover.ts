// Crash safety for write-back. Before the engine replaces a plan file it writes an intent (a small fsynced
// JSON file beside the plan: `.<name>.<id>.tickmark-intent.json`) naming the change and the file's hash
// before and after. The database commit that records the change deletes nothing; the intent is removed
// after the commit. Whoever next holds the plan's lock finds leftover intents and settles them by what the
// hashes say: file at the new hash but database at the old one → record the change now (once: the sync
// state moves to the new hash in the same transaction); file never written → drop the intent; database
// already at the new hash → the commit happened, drop the intent.
import { closeSync, fsync, open, readdirSync, writeFileSync } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../db/client';
import { activeItem, changeById, listPlanPaths, syncedHash } from '../db/queries/write-back';
import { recordIntentStatus } from '../db/writes/write-back';
import { localTempOwner, uniqueHex } from './atomic-write';
import { isAlive } from '../db/lock';
import { hashBytes } from './hash';
import type { Status } from '../parser/index';
import { planFilePath } from './config';
import { importParsed } from './apply-model';
import { recordUndo } from './undo-rows';
import { parsePlan } from '../parser/index';

export interface Intent {
  /** 'report-block': a report block written into the file (sync/report-append.ts), no item changed;
   * 'structure': a structural (or many-item) change, recorded by importing the new file; 'undo': the change
   * `changeId` taken back, recorded as the engine's undo records it. */
  kind?: 'status' | 'report-block' | 'structure' | 'undo';
  changeId?: number;
  planId: number;
  key: string;
  from: Status;
  to: Status;
  /** ISO timestamp of the change. */
  at: string;
  source: 'ui' | 'cli';
  actor: string | null;
  oldHash: string;
  newHash: string;
}

const SUFFIX = '.tickmark-intent.json';
const fsyncAsync = promisify(fsync);
const openAsync = promisify(open);

/** Whether `rest`, what follows the plan's prefix in a file name, is that of one of its intents (`<hex>` + SUFFIX). */
function isIntentRest(rest: string): boolean {
  return rest.endsWith(SUFFIX) && /^[0-9a-f]+$/.test(rest.slice(0, -SUFFIX.length));
}

function prefixFor(file: string): string {
  return `.${basename(file)}.`;
}

/** An intent file being created in the thread pool (creating a file can cost ~0.6 ms), before its intent is
 * known: for writeIntent, or to discard. */
export interface IntentFile {
  readonly path: string;
  readonly fd: Promise<number>;
}

export function createIntentFile(file: string): IntentFile {
  const path = join(dirname(file), `${prefixFor(file)}${uniqueHex()}${SUFFIX}`);
  const fd = openAsync(path, 'wx');
  fd.catch(() => {}); // awaited by whoever writes or discards it
  return { path, fd };
}

/** Writes the intent durably; returns its path (to remove after the commit). A fresh file, fsynced: the
 * plan's own atomic write that follows fsyncs the folder, which makes this file's name durable too (and a
 * torn intent, unreadable JSON, means the plan file was never touched). Created and fsynced in the thread pool,
 * beside the plan's own write; written synchronously (a few hundred bytes into the page cache). */
export async function writeIntent(
  file: string,
  intent: Intent | Promise<Intent>,
  created: IntentFile = createIntentFile(file),
): Promise<string> {
  const { path } = created;
  // Created while the intent is still coming (its new hash); a failure of either leaves no file behind.
  const [opened, content] = await Promise.allSettled([
    created.fd,
    Promise.resolve(intent).then((value) => JSON.stringify(value)),
  ]);
  if (opened.status === 'rejected') throw opened.reason;
  const fd = opened.value;
  if (content.status === 'rejected') {
    closeSync(fd);
    await removeIntent(path);
    throw content.reason;
  }
  try {
    writeFileSync(fd, content.value);
    await fsyncAsync(fd);
  } finally {
    closeSync(fd);
  }
  return path;
}

export async function removeIntent(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Intents of committed changes whose removal is still running. */
const removing = new Set<string>();

/** Removes the intent of a change already committed without making the caller wait: an unlink right after the
 * fsyncs waits on the file system's journal (~3 ms, more on a busy disk), and the change is durable already.
 * Until it is gone pendingIntents leaves it out (it is settled); one left behind (an exit in between, a failed
 * unlink) settles as already-committed under the plan's next lock, as after a crash. */
export function removeCommittedIntent(path: string): void {
  removing.add(path);
  void removeIntent(path)
    .catch(() => {})
    .then(() => removing.delete(path));
}

/** Leftover intents of the plan file, oldest first. */
export async function pendingIntents(file: string): Promise<{ path: string; intent: Intent }[]> {
  const dir = dirname(file);
  const prefix = prefixFor(file);
  let all: string[];
  try {
    // Synchronous: listing a folder costs tens of microseconds, a thread-pool round trip milliseconds when busy.
    all = readdirSync(dir).filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
  // Only this plan's own: another plan's name can start with this one's (`plan.md`, `plan.md.old.md`), and its
  // intents must wait for its own writer (taken here, one would be dropped as another plan's).
  await removeOrphanTemps(dir, prefix, all);
  const names = all.filter((n) => isIntentRest(n.slice(prefix.length)) && !removing.has(join(dir, n)));
  const out: { path: string; intent: Intent }[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      out.push({ path, intent: JSON.parse(await readFile(path, 'utf8')) as Intent });
    } catch {
      // Unreadable or half-written intent: the plan file was not touched after it (the intent is fsynced
      // before the file write starts), so there is nothing to settle.
      await removeIntent(path);
    }
  }
  return out.sort((a, b) => a.intent.at.localeCompare(b.intent.at));
}

/** Temp files (sync/atomic-write.ts) of a writer on this machine that died before its rename: never part of
 * the plan, so they go. Another machine's (a shared folder) are not ours to judge. */
async function removeOrphanTemps(dir: string, prefix: string, names: string[]): Promise<void> {
  for (const name of names) {
    const pid = localTempOwner(name.slice(prefix.length));
    if (pid === null || pid === process.pid || isAlive(pid)) continue;
    await unlink(join(dir, name)).catch(() => {});
  }
}

export type Settled = 'recorded' | 'already-committed' | 'not-written' | 'superseded';

/**
 * Settles the leftover intents of one plan. Call it holding the plan's lock (inside withPlanWriter), before
 * reading the file for a new write-back. Returns what happened to each intent.
 */
export async function recoverPlan(tx: Db, planId: number, file: string): Promise<Settled[]> {
  const pending = await pendingIntents(file);
  if (!pending.length) return [];
  let bytes: Buffer | null = null;
  try {
    bytes = await readFile(file);
  } catch {
    bytes = null;
  }
  const fileHash = bytes ? hashBytes(bytes) : null;
  const outcomes: Settled[] = [];
  for (const { path, intent } of pending) {
    const synced = await syncedHash(tx, planId);
    let outcome: Settled;
    if (synced === null || intent.planId !== planId) outcome = 'superseded';
    else if (synced === intent.newHash) outcome = 'already-committed';
    else if (synced !== intent.oldHash) outcome = 'superseded';
    else if (fileHash === intent.oldHash || fileHash === null) outcome = 'not-written';
    else if (fileHash === intent.newHash) {
      await recordIntent(tx, intent, file, bytes!.toString('utf8'), bytes!.length);
      outcome = 'recorded';
    } else outcome = 'superseded'; // the file moved on after our write: the next import reads it as it is
    outcomes.push(outcome);
    await removeIntent(path);
  }
  return outcomes;
}

/** The database side of a write-back whose file write landed: the same rows the engine commits. */
async function recordIntent(tx: Db, intent: Intent, file: string, source: string, size: number): Promise<void> {
  const at = new Date(intent.at);
  if (intent.kind === 'report-block') {
    await importParsed(tx, {
      planId: intent.planId,
      model: parsePlan(source),
      filePath: file,
      hash: intent.newHash,
      size,
    });
    return;
  }
  if (intent.kind === 'undo') {
    const change = await changeById(tx, intent.changeId ?? -1);
    if (!change || change.undoneAt) return;
    const model = parsePlan(source);
    await recordUndo(
      tx,
      change,
      { file, model, hash: intent.newHash, size },
      { now: at, source: intent.source, actor: intent.actor },
    );
    return;
  }
  if (intent.kind === 'structure') {
    await importParsed(
      tx,
      { planId: intent.planId, model: parsePlan(source), filePath: file, hash: intent.newHash, size },
      { now: at, source: intent.source, actor: intent.actor },
    );
    return;
  }
  const row = await activeItem(tx, intent.planId, intent.key);
  if (!row) return;
  await recordIntentStatus(tx, row, {
    from: intent.from,
    to: intent.to,
    doneDate: intent.to === 'done' ? intent.at.slice(0, 10) : null,
    at,
    source: intent.source,
    actor: intent.actor,
  });
  // Everything else the write changed (log rows, stated numbers, done dates, the sync state) the way import
  // records a file: the item's status already matches, so this adds no second event.
  const model = parsePlan(source);
  await importParsed(
    tx,
    { planId: intent.planId, model, filePath: file, hash: intent.newHash, size },
    { now: at, source: 'markdown' },
  );
}

/** Startup repair: settles leftover intents of every plan (each under its own lock). */
export async function recoverAll(db: Db, plansDir?: string): Promise<Settled[]> {
  const { withPlanWriter } = await import('./writer');
  const all = await listPlanPaths(db);
  const outcomes: Settled[] = [];
  for (const p of all) {
    const file = planFilePath(p.path, plansDir);
    if (!(await pendingIntents(file)).length) continue;
    outcomes.push(...(await withPlanWriter(db, p.id, (tx) => recoverPlan(tx, p.id, file))));
  }
  return outcomes;
}
