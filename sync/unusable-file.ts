// The rule every reader of a plan file applies (the watcher's import and the write-back engine): a file that is
// empty, caught half-written or unreadable is never imported over good data. Many editors save by truncating
// the file and writing it again in place; a read in that window sees nothing, or a prefix of the text.
import type { TextView } from '../parser/index';

/** Blank: no text at all, or only whitespace and a BOM. */
export function isBlankPlan(source: TextView): boolean {
  // Char by char, so a tick's pieced text is not copied to find its first word (a BOM is white space to trim).
  for (let i = 0; i < source.length; i++) if (source.charAt(i).trim() !== '') return false;
  return true;
}

/** `bytes` is a strict beginning of `previous`: most likely a save caught half-way. */
export function isCutShort(bytes: Buffer, previous: Buffer | undefined): boolean {
  return !!previous && bytes.length < previous.length && previous.subarray(0, bytes.length).equals(bytes);
}

/** How long a write-back waits for a save in progress to finish before it refuses. */
export const SETTLE_ATTEMPTS = 10;
export const SETTLE_DELAY_MS = 100;

/** The write-back engine refuses a change because the plan file cannot be used right now. */
export class PlanFileUnusableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlanFileUnusableError';
  }
}
