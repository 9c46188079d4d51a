// Replace a file so that readers (editors, the watcher, a crash) see either the old bytes or the new ones,
// never a half-written file: write a temp file beside it, fsync it, swap or rename it over the target, fsync the
// folder.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fchmodSync,
  fsync,
  open as openCallback,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { unlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { exchangePaths, renameNoReplace } from './renameat2';

const fsyncAsync = promisify(fsync);
const openAsync = promisify(openCallback);

/** This machine's name as it appears in temp file names (no dots, so the name parses back). */
const HOST = hostname().replace(/[^A-Za-z0-9-]/g, '-') || 'host';

/** Random per process, then counted: a name part no other file of ours had, without asking the system for random
 * bytes at each write (~0.06 ms a tick here). A crashed process with the same pid had another token. */
const PROCESS_TOKEN = randomBytes(6).toString('hex');
let namesMade = 0;

/** Hex digits for a new temp or intent file's name, unique to this write. */
export function uniqueHex(): string {
  return `${PROCESS_TOKEN}${(++namesMade).toString(16)}`;
}

/** The process that made a temp file of ours for `<name>` (`.<name>.<pid>@<host>.<hex>.tmp`), from `rest`, what
 * follows `.<name>.` in the file's name, when it ran on this machine; null for another machine's or another file. */
export function localTempOwner(rest: string): number | null {
  const m = /^(\d+)@([A-Za-z0-9-]+)\.[0-9a-f]+\.tmp$/.exec(rest);
  return m && m[2] === HOST ? Number(m[1]) : null;
}

export interface WriteFileAtomicOptions {
  /**
   * Runs after the temp file is written and fsynced, right before the swap: the last moment to check that the
   * target is still what the caller read (throwing here cancels the write and removes the temp file). It is
   * synchronous and the swap follows it with no await in between. It is handed the temp file's path (the file
   * the target becomes).
   */
  beforeRename?: (temp: string) => void;
  /**
   * Closes the window beforeRename leaves (an editor's save landing between the check and the rename; POSIX has
   * no compare-and-swap rename): the target is swapped with the temp file in one step (renameat2, decision 063)
   * and this runs on the file the swap displaced, now at the temp path. Throwing swaps it back and cancels the
   * write. Where the swap is unavailable, the write is a plain rename after beforeRename.
   */
  displaced?: (file: string) => void;
  /** Refuse (EEXIST) when the target exists, checked in the rename itself where the platform can. */
  exclusive?: boolean;
  /**
   * Another write that must be durable before the rename (the engine's crash-recovery intent). It runs while
   * the temp file is written and fsynced, so the two fsyncs overlap instead of adding up; if it fails, the
   * target is left untouched.
   */
  durableFirst?: Promise<unknown>;
  /** The temp file to write, made beforehand (createTempFile) for the same path. */
  temp?: TempFile;
}

/** A temp file being made beside the file a path resolves to, in the thread pool: for writeFileAtomic, or to
 * discard. A caller that knows early it will write makes one first and does its own work meanwhile. */
export interface TempFile {
  /** The file it will replace: the path given, through any symlink. */
  readonly target: string;
  readonly path: string;
  readonly mode: number;
  readonly fd: Promise<number>;
}

/** The file a path leads to (through a symlink: renaming over the link would turn it into a copy) and its
 * permission bits, which the file replacing it keeps (a plan may be read-only for others, or executable by
 * accident); the path itself and 0666 for a file not there yet. */
export interface WriteTarget {
  readonly real: string;
  readonly mode: number;
}

export function writeTargetOf(path: string): WriteTarget {
  const unlessMissing = (error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  };
  let real = path;
  let mode = 0o666;
  try {
    real = realpathSync.native(path);
  } catch (error) {
    unlessMissing(error);
  }
  try {
    mode = statSync(real).mode & 0o7777;
  } catch (error) {
    unlessMissing(error);
  }
  return { real, mode };
}

/** A temp file for replacing `target` (writeTargetOf, or writableTargetOf that also checks it may be written). */
export function createTempFile({ real, mode }: WriteTarget): TempFile {
  // Same folder, so rename() stays on one file system and is atomic. Dot-prefixed so plan globs skip it;
  // named by process and host so a later writer can tell a crashed writer's leftover (sync/recover.ts).
  const temp = join(dirname(real), `.${basename(real)}.${process.pid}@${HOST}.${uniqueHex()}.tmp`);
  // Made in the thread pool: creating a file costs ~0.6 ms on some file systems (ext4 on this VM), which the
  // caller's thread spends on its own work meanwhile (a tick reads, builds its model and sends its rows).
  const fd = openAsync(temp, 'wx', mode);
  fd.catch(() => {}); // awaited by whoever uses or discards it
  return { target: real, path: temp, mode, fd };
}

/** A file being created (createTempFile, the intent's createIntentFile) that will not be written after all: closed
 * and removed. A failure leaves it to the recovery (sync/recover.ts), as after a crash. */
export async function discardCreated(file: { path: string; fd: Promise<number> }): Promise<void> {
  await file.fd
    .then((fd) => {
      closeSync(fd);
      return unlink(file.path);
    })
    .catch(() => {});
}

export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts: WriteFileAtomicOptions = {},
): Promise<void> {
  // Awaited before the rename; until then a failure of it must not count as an unhandled rejection.
  opts.durableFirst?.catch(() => {});
  // Past the checks, the slow parts (creating the temp file, the fsync) run in the thread pool; the writing in
  // between is synchronous (the page cache takes a plan in well under a millisecond). The caller gets the main
  // thread back meanwhile (the tick builds its model then, decision 058).
  const temp = opts.temp ?? createTempFile(writeTargetOf(path));
  path = temp.target;
  const dir = dirname(path);
  let renamed = false;
  try {
    const fd = await temp.fd;
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
      // open() applies the umask; chmod makes the mode exact.
      fchmodSync(fd, temp.mode);
      await fsyncAsync(fd);
    } finally {
      closeSync(fd);
    }
    await opts.durableFirst;
    opts.beforeRename?.(temp.path);
    let swapped = false;
    if (opts.exclusive) renameExclusive(temp.path, path);
    else if (!(swapped = !!opts.displaced && swapIn(temp.path, path, opts.displaced))) renameSync(temp.path, path);
    renamed = true;
    // The replaced file, now at the temp path, is removed in the thread pool: freeing a large file's blocks costs
    // ~1 ms, which a rename over it would spend on this thread.
    // Should that fail, the write still stands: the leftover temp file goes in a recovery after this process.
    await Promise.all([syncDirectory(dir), swapped && unlink(temp.path).catch(() => {})]);
  } finally {
    if (!renamed) await unlink(temp.path).catch(() => {});
  }
}

/** Swaps `temp` (the new file) in at `path` and lets `check` judge the file it displaced, which is left at `temp`;
 * false when the swap is unavailable here (nothing done). */
function swapIn(temp: string, path: string, check: (file: string) => void): boolean {
  const ours = statSync(temp).ino;
  try {
    if (!exchangePaths(temp, path)) return false;
  } catch (error) {
    // The target was deleted after beforeRename: that is for `check` to judge (nothing is recreated).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') check(path);
    throw error;
  }
  try {
    check(temp);
  } catch (error) {
    // A save landed between beforeRename and the swap: it gets its place back, and our file comes out.
    try {
      exchangePaths(temp, path);
    } catch {
      renameSync(temp, path); // the plan was deleted meanwhile: the save goes back all the same
      throw error;
    }
    // Unless someone saved over our file in the microseconds it was in place: that save is kept beside the plan.
    if (statSync(temp).ino !== ours) keepConflictCopy(temp, path);
    throw error;
  }
  return true;
}

function keepConflictCopy(file: string, path: string): void {
  const copy = `${path}.conflict-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, copy);
  process.emitWarning(`${path} was saved twice while Tickmark wrote it; the other save is kept as ${copy}`);
}

function renameExclusive(temp: string, path: string): void {
  if (renameNoReplace(temp, path)) return;
  // No atomic no-replace here: check, then rename (a file appearing in between is replaced).
  if (existsSync(path)) {
    throw Object.assign(new Error(`EEXIST: file already exists, rename '${temp}' -> '${path}'`), {
      code: 'EEXIST',
      path,
    });
  }
  renameSync(temp, path);
}

/** Persist the rename itself. Some platforms (Windows) cannot open a folder: the rename is still done. Opened and
 * closed on this thread (microseconds), fsynced in the thread pool: one trip there, not three, each of which
 * waits for this thread when it is busy (a tick building its model). */
async function syncDirectory(dir: string): Promise<void> {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    await fsyncAsync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw error;
  } finally {
    closeSync(fd);
  }
}
