// Read a plan from disk, or refuse with one line that says what is wrong and what to do.
// The text keeps a leading BOM character, so offsets into `source` and the bytes on disk round-trip exactly.
import { isUtf8 } from 'node:buffer';
import { open, stat } from 'node:fs/promises';

/** Plans are hand-written documents; anything bigger is almost certainly the wrong file. */
export const MAX_PLAN_BYTES = 20 * 1024 * 1024;

export class PlanFileError extends Error {
  constructor(
    readonly path: string,
    message: string,
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
  const maxBytes = opts.maxBytes ?? MAX_PLAN_BYTES;
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new PlanFileError(path, describeFsError(error));
  });
  if (info.isDirectory()) throw new PlanFileError(path, 'is a directory, not a plan file');
  // A FIFO or device would block or never end.
  if (!info.isFile()) throw new PlanFileError(path, 'is not a regular file');
  if (info.size > maxBytes) throw new PlanFileError(path, tooLarge(info.size, maxBytes));

  const bytes = await readAtMost(path, maxBytes).catch((error: NodeJS.ErrnoException) => {
    throw error instanceof PlanFileError ? error : new PlanFileError(path, describeFsError(error));
  });
  checkText(path, bytes);
  // Buffer#toString keeps U+FEFF (TextDecoder would drop it by default).
  return { source: bytes.toString('utf8'), bytes };
}

/** Read the file, failing if it grew past the limit between stat() and read(). */
async function readAtMost(path: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const bytes = await handle.readFile();
    if (bytes.length > maxBytes) throw new PlanFileError(path, tooLarge(bytes.length, maxBytes));
    return bytes;
  } finally {
    await handle.close();
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
