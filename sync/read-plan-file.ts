// Read a plan from disk, or refuse with one line that says what is wrong and what to do.
// The text keeps a leading BOM character, so offsets into `source` and the bytes on disk round-trip exactly.
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { hashBytes } from './hash';

/** Plans are hand-written documents; anything bigger is almost certainly the wrong file. */
export const MAX_PLAN_BYTES = 20 * 1024 * 1024;

export class PlanFileError extends Error {
  constructor(
    readonly path: string,
    message: string,
    /** The system's error code when reading it failed (ENOENT: there is no such file). */
    readonly code?: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'PlanFileError';
  }
}

export interface PlanFile {
  source: string;
  bytes: Buffer;
}

export async function readPlanFile(path: string, opts: { maxBytes?: number } = {}): Promise<PlanFile> {
  const bytes = readPlanBytes(path, opts.maxBytes ?? MAX_PLAN_BYTES);
  checkText(path, bytes);
  // Buffer#toString keeps U+FEFF (TextDecoder would drop it by default).
  return { source: bytes.toString('utf8'), bytes };
}

/**
 * The file's bytes, refused (PlanFileError) when it is no regular file or over `maxBytes`, also when it grew
 * past the limit between the stat and the read. Synchronous, like the intent scan (sync/recover.ts): a plan
 * comes from the page cache in well under a millisecond (1 MB: ~0.2 ms of CPU), while the five thread-pool
 * round trips of an asynchronous stat, open, read and close cost ~1.5 ms of CPU and, on a busy machine, more
 * wall time than that (decision 057).
 */
export function readPlanBytes(path: string, maxBytes: number = MAX_PLAN_BYTES): Buffer {
  return readWith(path, maxBytes, (fd) => readFileSync(fd));
}

/** What an import needs of a plan file: its text, the sha256 of its bytes and their length. */
export interface PlanText {
  /** Null when the bytes differ from `like` only in `flips` (not decoded). */
  source: string | null;
  hash: string;
  size: number;
  /** A copy of the bytes, when they were decoded (the next import finds flips against them). */
  bytes?: Buffer;
  /** With `like`: the offsets and new values of the bytes that differ, each an ASCII byte in both. */
  flips?: { at: number; byte: number }[];
}

/** At most this many changed bytes are looked at as flips. */
const MAX_FLIPS = 64;

/** The bytes of `bytes` that differ from `like` (as long), when every one is an ASCII byte in both and there
 * are at most MAX_FLIPS; else null. Compared in blocks natively first. */
function asciiFlips(bytes: Buffer, like: Buffer): { at: number; byte: number }[] | null {
  if (bytes.length !== like.length) return null;
  const flips: { at: number; byte: number }[] = [];
  const BLOCK = 4096;
  for (let start = 0; start < bytes.length; start += BLOCK) {
    const end = Math.min(start + BLOCK, bytes.length);
    if (bytes.compare(like, start, end, start, end) === 0) continue;
    for (let at = start; at < end; at++) {
      if (bytes[at] === like[at]) continue;
      if (bytes[at] >= 0x80 || like[at] >= 0x80 || flips.length === MAX_FLIPS) return null;
      flips.push({ at, byte: bytes[at] });
    }
  }
  return flips.length ? flips : null;
}

/** Maps a byte offset of valid UTF-8 `bytes` to the UTF-16 offset of the decoded text (for an offset that
 * starts a character). One pass over the bytes, then a binary search per offset. */
export function charOffsets(bytes: Uint8Array): (byteOffset: number) => number {
  const at: number[] = [];
  const less: number[] = [];
  let total = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0xc0) continue;
    // A 2-byte sequence is 1 unit, a 3-byte one 1, a 4-byte one 2 (a surrogate pair).
    total += b >= 0xf0 ? 2 : b >= 0xe0 ? 2 : 1;
    at.push(i);
    less.push(total);
  }
  return (offset) => {
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return offset - (lo > 0 ? less[lo - 1] : 0);
  };
}

/**
 * readPlanFile through a buffer this module reuses: the bytes are read into it, hashed and decoded before
 * anything else can run; only a decoded file's bytes are copied out. On this machine touching 1 MB of fresh
 * memory costs milliseconds in page faults, the cost of the read itself (decision 057).
 */
export function readPlanText(path: string, opts: { maxBytes?: number; like?: Buffer } = {}): PlanText {
  return withPlanBytes(path, opts.maxBytes ?? MAX_PLAN_BYTES, (bytes) => {
    checkText(path, bytes);
    const hash = hashBytes(bytes);
    const flips = opts.like ? asciiFlips(bytes, opts.like) : null;
    // Checkbox flips of the last import's bytes: their text is that text with the flipped characters, which
    // the caller knows (decision 057); a fresh 2 MB string costs 8-25 ms.
    if (flips) return { source: null, hash, size: bytes.length, flips };
    return { source: bytes.toString('utf8'), hash, size: bytes.length, bytes: Buffer.from(bytes) };
  });
}

/** The sha256 of the file's bytes (read into the reused buffer), refused like readPlanFile. */
export function hashPlanFile(path: string, maxBytes: number = MAX_PLAN_BYTES): string {
  return withPlanBytes(path, maxBytes, (bytes) => hashBytes(bytes));
}

/** Largest buffer kept for reuse: a bigger plan is read into a buffer of its own. */
const KEEP_BYTES = 8 * 1024 * 1024;
let reused = Buffer.allocUnsafeSlow(0);

/** Calls `use` with the file's bytes in the reused buffer: valid only until `use` returns (it must not keep
 * them or wait on anything). */
function withPlanBytes<T>(path: string, maxBytes: number, use: (bytes: Buffer) => T): T {
  const bytes = readWith(path, maxBytes, (fd, size) => {
    // One byte more than the size read so far tells whether the file grew since the stat.
    let buffer =
      size + 1 <= KEEP_BYTES
        ? reused.length >= size + 1
          ? reused
          : (reused = Buffer.allocUnsafeSlow(size + 1))
        : Buffer.allocUnsafeSlow(size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) break;
        const grown = Buffer.allocUnsafeSlow(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.subarray(0, length);
  });
  return use(bytes);
}

/** The file opened for reading after the checks readPlanFile makes, read by `read` (given its stated size). */
function readWith(path: string, maxBytes: number, read: (fd: number, size: number) => Buffer): Buffer {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    throw fsError(path, error as NodeJS.ErrnoException);
  }
  if (info.isDirectory()) throw new PlanFileError(path, 'is a directory, not a plan file');
  // A FIFO or device would block or never end.
  if (!info.isFile()) throw new PlanFileError(path, 'is not a regular file');
  if (info.size > maxBytes) throw new PlanFileError(path, tooLarge(info.size, maxBytes));
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    // The open file may have been replaced by something else between the stat and the open.
    const opened = fstatSync(fd);
    if (!opened.isFile()) throw new PlanFileError(path, 'is not a regular file');
    const bytes = read(fd, opened.size);
    if (bytes.length > maxBytes) throw new PlanFileError(path, tooLarge(bytes.length, maxBytes));
    return bytes;
  } catch (error) {
    throw error instanceof PlanFileError ? error : fsError(path, error as NodeJS.ErrnoException);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function checkText(path: string, bytes: Buffer): void {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    throw new PlanFileError(path, 'is UTF-16 (little-endian BOM); save it as UTF-8');
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    throw new PlanFileError(path, 'is UTF-16 (big-endian BOM); save it as UTF-8');
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new PlanFileError(
      path,
      `looks binary (NUL byte at offset ${nul}, ${lineAt(bytes, nul)}); a plan must be a text file`,
    );
  }
  if (isUtf8(bytes)) return;
  const bad = firstInvalidUtf8(bytes);
  throw new PlanFileError(
    path,
    `is not valid UTF-8 (byte 0x${bytes[bad].toString(16).padStart(2, '0')} at offset ${bad}, ${lineAt(bytes, bad)}); ` +
      're-save it as UTF-8 in your editor (`tickmark doctor` repairs mojibake but cannot guess another encoding)',
  );
}

function lineAt(bytes: Buffer, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0; // overlong
      if (b === 0xed) max = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90; // overlong
      if (b === 0xf4) max = 0x8f; // above U+10FFFF
    } else return i;
    // Only the second byte has a restricted range; the rest are plain continuation bytes.
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return -1;
}

function tooLarge(size: number, maxBytes: number): string {
  return `is ${size.toLocaleString('en-US')} bytes, over the ${formatBytes(maxBytes)} limit for plan files`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : `${n.toLocaleString('en-US')} bytes`;
}

function fsError(path: string, error: NodeJS.ErrnoException): PlanFileError {
  return new PlanFileError(path, describeFsError(error), error.code);
}

function describeFsError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (cannot read it)';
    case 'EISDIR':
      return 'is a directory, not a plan file';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return `cannot read it (${error.code ?? error.message})`;
  }
}
