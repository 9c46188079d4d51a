// File-system failures said as sentences a person can act on: what happened, that the document is intact, what
// to do. `500 ENOSPC: no space left on device, write` told nobody anything.

const WHAT: Record<string, { happened: string; todo: string }> = {
  ENOSPC: { happened: 'the disk is full', todo: 'free some space and try again' },
  EDQUOT: { happened: 'the disk quota is used up', todo: 'free some space and try again' },
  EACCES: {
    happened: 'permission was denied',
    todo: 'give the server write access to the plans folder (and the file) and try again',
  },
  EPERM: {
    happened: 'the operation is not permitted',
    todo: 'give the server write access to the plans folder (and the file) and try again',
  },
  EROFS: { happened: 'the file system is read-only', todo: 'remount it writable or move the plans, then try again' },
};

/** The file-system error code of `error` or of what caused it. */
export function fileErrorCode(error: unknown): string | null {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code in WHAT) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** A sentence for a failed write of `file`, or null when `error` is not a disk, permission or read-only error.
 * `written`: the plan file already holds the change (only its recording failed). */
export function fileErrorSentence(error: unknown, file: string, written = false): string | null {
  const code = fileErrorCode(error);
  if (!code) return null;
  const { happened, todo } = WHAT[code];
  const state = written
    ? 'the plan file holds the change, which is recorded on the next change or restart'
    : 'the plan file is intact (nothing was written)';
  return `Could not save ${file}: ${happened} (${code}); ${state}. To fix: ${todo}.`;
}

/** Raised by the write-back engine instead of the raw error. */
export class PlanWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlanWriteError';
  }
}
