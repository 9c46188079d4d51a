// One writer per plan. In this process a per-plan queue runs write-backs one after another; across processes
// the same transaction-scoped PostgreSQL advisory lock that import takes (sync/plan-lock.ts) keeps two
// servers on one database from interleaving. The whole write-back (read, import, edit, file write, commit)
// runs inside that one transaction, so the lock covers the file write too.
import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../db/client';
import { lockPlan } from './plan-lock';

const queues = new Map<number, Promise<unknown>>();

/** Runs `fn` after every earlier write-back of the plan in this process, inside a transaction holding the
 * plan's advisory lock. */
export function withPlanWriter<T>(db: Db, planId: number, fn: (tx: Db) => Promise<T>): Promise<T> {
  const previous = queues.get(planId) ?? Promise.resolve();
  const run = previous.then(
    () => inPlanLock(db, planId, fn),
    () => inPlanLock(db, planId, fn),
  );
  const tail = run.catch(() => {});
  queues.set(planId, tail);
  void tail.then(() => {
    if (queues.get(planId) === tail) queues.delete(planId);
  });
  return run;
}

function inPlanLock<T>(db: Db, planId: number, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await lockPlan(tx as unknown as Db, planId);
    return fn(tx as unknown as Db);
  });
}

/** What a file looked like when read: a replacement is refused if any of it changed. */
export interface FileStamp {
  ino: number;
  size: number;
  mtimeNs: bigint;
}

export async function stampOf(path: string): Promise<FileStamp | null> {
  try {
    const s = await stat(path, { bigint: true });
    return { ino: Number(s.ino), size: Number(s.size), mtimeNs: s.mtimeNs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function sameStamp(a: FileStamp | null, b: FileStamp | null): boolean {
  return a === b || (!!a && !!b && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs);
}

/** The file changed on disk between our read and our write: the caller re-reads and retries. */
export class FileMovedError extends Error {
  constructor(readonly path: string) {
    super(`${path} changed on disk while a write-back was being prepared; retrying against the new text`);
    this.name = 'FileMovedError';
  }
}

/**
 * Replace `path` atomically (temp file in the same folder, fsync, rename, fsync the folder), but only if
 * the file is still the one we read. An editor can save at any moment; the check runs after the slow part
 * (writing and fsyncing the temp file) and right before the rename, so the window in which an editor's save
 * could be overwritten is a stat() call wide instead of an fsync wide. This is why the write-back does not
 * use sync/atomic-write.ts's writeFileAtomic directly: that function has no hook before its rename.
 */
export async function replaceFileIfUnchanged(path: string, data: string | Uint8Array, expected: FileStamp): Promise<FileStamp> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = Number((await stat(path)).mode & 0o7777);
  let renamed = false;
  let written: FileStamp;
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.chmod(mode);
      await handle.sync();
      // The stamp of our bytes, taken from the temp file itself: rename keeps inode and mtime, and a stat
      // after the rename could already see an editor's next save.
      const s = await handle.stat({ bigint: true });
      written = { ino: Number(s.ino), size: Number(s.size), mtimeNs: s.mtimeNs };
    } finally {
      await handle.close();
    }
    if (!sameStamp(await stampOf(path), expected)) throw new FileMovedError(path);
    await rename(temp, path);
    renamed = true;
    await syncDirectory(dir);
  } finally {
    if (!renamed) await unlink(temp).catch(() => {});
  }
  return written;
}

async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw error;
  } finally {
    await handle.close();
  }
}
