// Before the write-back engine replaces a plan: the file it would really write (a symlink resolved) must be
// inside the plans folder, and must not be read-only. The server runs as anyone, root included, and root may
// write a 444 file: the mode bits are checked here rather than left to open().
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { WriteTarget } from './atomic-write';

export class PlanNotWritableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanNotWritableError';
  }
}

/** The real path to write for `file`; throws PlanNotWritableError when it is outside `plansDir` (when given) or
 * has no write permission bit. */
export function writableTarget(file: string, plansDir: string | undefined): string {
  return writableTargetOf(file, plansDir).real;
}

/** writableTarget, with the file's permission bits (what a temp file replacing it is created with). */
export function writableTargetOf(file: string, plansDir: string | undefined): WriteTarget {
  const real = realpathSync.native(file);
  if (plansDir) {
    const root = realpathSync.native(plansDir);
    const rel = path.relative(root, real);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new PlanNotWritableError(
        `${file} leads to ${real}, outside the plans folder ${root}; Tickmark writes only files inside it. Nothing was changed.`,
      );
    }
  }
  const mode = statSync(real).mode & 0o7777;
  if ((mode & 0o222) === 0) {
    throw new PlanNotWritableError(
      `${file} is read-only; Tickmark does not rewrite read-only plans. Nothing was changed (make it writable, e.g. chmod u+w, to change it here).`,
    );
  }
  return { real, mode };
}
