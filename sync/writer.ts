// One writer per plan. In this process a per-plan queue runs write-backs one after another; across processes
// the same transaction-scoped PostgreSQL advisory lock that import takes (sync/plan-lock.ts) keeps two
// servers on one database from interleaving. The whole write-back (read, import, edit, file write, commit)
// runs inside that one transaction, so the lock covers the file write too.
import { readFileSync, statSync, type BigIntStats } from 'node:fs';
import type { Db } from '../db/client';
import { writeFileAtomic, type TempFile } from './atomic-write';
import { lockPlan } from '../db/plan-lock';

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

/** Synchronous on purpose: the check right before the rename must not yield to other callbacks. */
export function stampOf(path: string): FileStamp | null {
  let s: BigIntStats;
  try {
    s = statSync(path, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return { ino: Number(s.ino), size: Number(s.size), mtimeNs: s.mtimeNs };
}

export function sameStamp(a: FileStamp | null, b: FileStamp | null): boolean {
  return a === b || (!!a && !!b && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs);
}

/** The file changed on disk between our read and our write: nothing was written; read it again and retry. */
export class FileMovedError extends Error {
  constructor(readonly path: string) {
    super(`${path}: the file changed since it was read; nothing written (try again)`);
    this.name = 'FileMovedError';
  }
}

/**
 * Replaces `path` atomically (sync/atomic-write.ts: temp file, fsync, swap, fsync the folder), but only if the
 * file is still the one we read: by its stat stamp (the engine, which re-reads often) or by its bytes (a
 * one-off write such as `tickmark set` on an untracked file or a mojibake repair). An editor can save at any
 * moment. The check runs after the slow part, right before the swap, and again on the file the swap displaced,
 * so a save landing in between is put back instead of overwritten (decision 063).
 * Throws FileMovedError (nothing written) when the file moved. Returns the stamp of the file written (the temp
 * file's: a rename keeps inode, size and mtime), which the engine keeps to know its own write without a read.
 */
export async function replaceFileIfUnchanged(
  path: string,
  data: string | Uint8Array,
  expected: FileStamp | Uint8Array,
  durableFirst?: Promise<unknown>,
  temp?: TempFile,
): Promise<FileStamp> {
  const unchanged =
    expected instanceof Uint8Array
      ? (file: string) => readFileSync(file).equals(expected)
      : (file: string) => sameStamp(stampOf(file), expected);
  const refuseMoved = (file: string) => {
    if (!unchanged(file)) throw new FileMovedError(path);
  };
  let written: FileStamp | null = null;
  await writeFileAtomic(path, data, {
    durableFirst,
    temp,
    beforeRename: (temp) => {
      written = stampOf(temp);
      refuseMoved(path);
    },
    displaced: refuseMoved,
  });
  return written!;
}
