// PGlite has no lock against a second process opening the same folder (two openers corrupt it), so the
// embedded database takes a lock file holding the owner's pid. A lock left by a dead process is taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { DatabaseUnavailableError } from './errors';

export interface DirLock {
  release(): void;
}

export function acquireDirLock(file: string): DirLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      if (owner !== null && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseUnavailableError(
          `embedded database ${file.replace(/[\\/]lock$/, '')} is in use by process ${owner}; ` +
            `stop that process, or set DATABASE_URL to share a PostgreSQL server between processes`,
        );
      }
      // Stale (its process is gone) or our own: remove it and try again.
      try {
        unlinkSync(file);
      } catch {
        // gone already, or not ours to remove: the next open says which
      }
      continue;
    }
    writeSync(fd, String(process.pid));
    closeSync(fd);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      if (readOwner(file) === process.pid) {
        try {
          unlinkSync(file);
        } catch {
          // best effort at exit: a stale lock is taken over by the next process
        }
      }
    };
    process.on('exit', release);
    return { release };
  }
  throw new DatabaseUnavailableError(`could not take the lock ${file}`);
}

function readOwner(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isFinite(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Whether a process with this pid runs on this machine (EPERM: it does, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
