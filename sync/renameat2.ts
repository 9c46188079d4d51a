// The two renames POSIX rename() lacks, from Linux's renameat2 through koffi (decision 063): swapping two paths
// in one step, which lets a writer see exactly which file it replaced (the compare-and-swap an editor's save
// needs), and a rename that refuses to replace an existing file. Where the call is missing (another OS, an old
// kernel, a file system without the flag) each function returns false and the caller falls back to rename().
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import type Koffi from 'koffi';

const AT_FDCWD = -100;
const RENAME_NOREPLACE = 1;
const RENAME_EXCHANGE = 2;
/** What renameat2 answers when this kernel or file system cannot do the flag: the caller renames instead. */
const UNSUPPORTED = new Set([constants.errno.ENOSYS, constants.errno.EINVAL, constants.errno.ENOTSUP]);

type Renameat2 = (olddirfd: number, oldpath: string, newdirfd: number, newpath: string, flags: number) => number;
let call: { renameat2: Renameat2; errno: () => number } | null | undefined;

function load(): typeof call {
  if (call !== undefined) return call;
  call = null;
  if (process.platform !== 'linux') return call;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof Koffi;
    const renameat2 = koffi
      .load('libc.so.6')
      .func('int renameat2(int, const char *, int, const char *, unsigned int)') as Renameat2;
    call = { renameat2, errno: () => koffi.errno() };
  } catch {
    // No prebuilt koffi for this machine, or a libc without renameat2 (glibc < 2.28, musl): plain rename().
  }
  return call;
}

function renameWith(flags: number, from: string, to: string): boolean {
  const c = load();
  if (!c) return false;
  if (c.renameat2(AT_FDCWD, from, AT_FDCWD, to, flags) === 0) return true;
  const errno = c.errno();
  if (UNSUPPORTED.has(errno)) return false;
  const code = Object.entries(constants.errno).find(([, n]) => n === errno)?.[0] ?? `errno ${errno}`;
  throw Object.assign(new Error(`${code}: cannot rename '${from}' -> '${to}'`), {
    code,
    errno: -errno,
    syscall: 'renameat2',
    path: from,
    dest: to,
  });
}

/** Swaps the files at `a` and `b` atomically (both must exist). False where this machine cannot. */
export function exchangePaths(a: string, b: string): boolean {
  return renameWith(RENAME_EXCHANGE, a, b);
}

/** Renames `from` to `to` unless `to` exists (then throws EEXIST), in one step. False where this machine cannot. */
export function renameNoReplace(from: string, to: string): boolean {
  return renameWith(RENAME_NOREPLACE, from, to);
}
