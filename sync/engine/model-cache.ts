// The parsed model of each plan, kept (keyed by the file's bytes) and updated by offset after a tick, so a
// tick never re-parses a large document.
import { readFileSync } from 'node:fs';
import { type Db } from '../../db/client';
import { isConnectionLost } from '../../db/errors';
import { hasActiveItems } from '../../db/queries/write-back';
import { checkedEdits, parsePlan, piecesOf, runAt, type Edit, type PlanModel, type TextView } from '../../parser/index';
import { hashBytes } from '../hash';
import { isBlankPlan, isCutShort, PlanFileUnusableError, SETTLE_ATTEMPTS, SETTLE_DELAY_MS } from '../unusable-file';
import { sameStamp, stampOf, type FileStamp } from '../writer';
import { type LogRowValues } from './log-rows';

export interface Cached {
  bytes: Buffer;
  hash: string;
  /** A string once read; after a tick, the text before it with the tick's edits laid over (PieceText). */
  text: TextView;
  model: PlanModel;
  /** Set when this process wrote `bytes` itself: the stamp the file had then. */
  written?: FileStamp;
  /** The model's progress-log rows as stored, once a tick listed them: the next tick's rows before it. */
  logRows?: LogRowValues[];
}

export interface Current extends Cached {
  /** The file as we read it: the write is refused if it is no longer this file. */
  stamp: FileStamp;
}

const cache = new Map<number, Cached>();
/** The bytes of each plan's superseded entry, which the next tick's bytes are written into (bytesAfterEdits):
 * on a VM, page-faulting a fresh 1 MB buffer costs ~9 ms a tick; refilling a used one a copy of 1 MB. */
const spares = new Map<number, Buffer>();
/** Buffers bytesAfterEdits allocated with room to grow (a spare of another origin is used up to its length). */
const roomy = new WeakSet<ArrayBufferLike>();

export function forgetModel(planId: number): void {
  cache.delete(planId);
}

/** Keeps the model of the text just written, so the next change starts from it without a parse or a read. */
export function rememberModel(planId: number, entry: Cached): void {
  const old = cache.get(planId);
  if (old && old.bytes.buffer !== entry.bytes.buffer) spares.set(planId, old.bytes);
  cache.set(planId, entry);
}

/** Drops every cached model. */
export function clearModelCache(): void {
  cache.clear();
  spares.clear();
}

/** The UTF-8 bytes of `applyEdits(cur.text, edits)`, built from `cur.bytes` and the edits alone (no encoding of
 * the whole text) into the plan's spare buffer. Refuses the edits as applyEdits does (EditConflictError), so the
 * bytes may be written before the new text is built. */
export function bytesAfterEdits(planId: number, cur: Cached, edits: readonly Edit[]): Buffer {
  const ordered = checkedEdits(cur.text, edits);
  const marks = byteMarks.get(cur.bytes) ?? marksOf(cur.text);
  const size = ordered.reduce(
    (n, e) => n + Buffer.byteLength(e.text, 'utf8') - Buffer.byteLength(e.expect, 'utf8'),
    cur.bytes.length,
  );
  const out = takeSpare(planId, size);
  let from = 0; // in cur.bytes
  let to = 0; // in out
  for (const e of ordered) {
    const start = byteOffset(cur.text, marks, e.start);
    to += cur.bytes.copy(out, to, from, start);
    from = start + Buffer.byteLength(e.expect, 'utf8');
    to += out.write(e.text, to, 'utf8');
  }
  cur.bytes.copy(out, to, from);
  byteMarks.set(out, marksAfter(marks, ordered));
  return out;
}

/** Byte offsets of some of a text's character offsets (one every MARK_EVERY characters at first), kept per
 * bytes buffer: the byte offset of any other character is counted from the mark before it, not from the start
 * of the text (0.8 ms for a 1 MB plan). */
interface ByteMarks {
  chars: number[];
  bytes: number[];
}

const MARK_EVERY = 4096;
const byteMarks = new WeakMap<Uint8Array, ByteMarks>();

function marksOf(text: TextView): ByteMarks {
  const marks: ByteMarks = { chars: [0], bytes: [0] };
  for (let c = MARK_EVERY; c < text.length; c += MARK_EVERY) {
    // A mark never splits a surrogate pair (its halves are one UTF-8 sequence).
    const at = isLowSurrogate(text.charCodeAt(c)) ? c + 1 : c;
    const last = marks.chars.length - 1;
    marks.bytes.push(marks.bytes[last] + utf8Length(text, marks.chars[last], at));
    marks.chars.push(at);
  }
  return marks;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function byteOffset(text: TextView, marks: ByteMarks, char: number): number {
  const i = runAt(marks.chars, char);
  return marks.bytes[i] + utf8Length(text, marks.chars[i], char);
}

/** The marks of the text after the (ordered) edits: a mark inside an edit goes, the marks after one move by its
 * change in characters and in bytes. */
function marksAfter(marks: ByteMarks, ordered: readonly Edit[]): ByteMarks {
  const next: ByteMarks = { chars: [], bytes: [] };
  let k = 0;
  let chars = 0;
  let bytes = 0;
  for (let i = 0; i < marks.chars.length; i++) {
    const c = marks.chars[i];
    while (k < ordered.length && ordered[k].end <= c) {
      chars += ordered[k].text.length - (ordered[k].end - ordered[k].start);
      bytes += Buffer.byteLength(ordered[k].text, 'utf8') - Buffer.byteLength(ordered[k].expect, 'utf8');
      k++;
    }
    if (k < ordered.length && ordered[k].start < c) continue; // inside an edit
    next.chars.push(c + chars);
    next.bytes.push(marks.bytes[i] + bytes);
  }
  return next;
}

/** The UTF-8 length of [start, end) of the text, piece by piece (never a copy of the stretch). */
function utf8Length(text: TextView, start: number, end: number): number {
  let n = 0;
  for (const run of piecesOf(text, start, end)) n += Buffer.byteLength(run, 'utf8');
  return n;
}

function takeSpare(planId: number, size: number): Buffer {
  const spare = spares.get(planId);
  spares.delete(planId);
  const room = spare && roomy.has(spare.buffer) ? Buffer.from(spare.buffer) : spare;
  if (room && room.length >= size) return room.subarray(0, size);
  // Room for the growth of many ticks (a ✅ date, a log row), so a new buffer is rare.
  const fresh = Buffer.allocUnsafeSlow(size + Math.max(4096, size >> 4));
  roomy.add(fresh.buffer);
  return fresh.subarray(0, size);
}

/** The file's text and model: the cached model when the bytes are the ones we last wrote or parsed
 * (a byte comparison, far cheaper than a hash or a parse), a fresh parse otherwise. */
export async function current(planId: number, file: string): Promise<Current> {
  for (;;) {
    // Synchronous: a plan is read from the page cache in well under a millisecond, less than the three
    // thread-pool round trips the async calls cost on every tick.
    const stamp = stampOf(file);
    if (!stamp) throw new Error(`${file}: plan file not found (was it moved or deleted?); run \`tickmark sync\``);
    const hit = cache.get(planId);
    // Still the file this process wrote (same inode, size and nanosecond mtime: any save changes one of them).
    if (hit?.written && sameStamp(hit.written, stamp)) return { ...hit, stamp };
    const bytes = readFileSync(file);
    // A save landed while we read: read again.
    if (!sameStamp(stampOf(file), stamp)) continue;
    if (hit && hit.bytes.equals(bytes)) return { ...hit, stamp };
    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes)) {
      throw new Error(`${file}: not valid UTF-8; Tickmark will not rewrite it (re-save the file as UTF-8)`);
    }
    const model = parsePlan(text);
    const entry: Cached = { bytes, hash: hashBytes(bytes), text, model };
    cache.set(planId, entry);
    return { ...entry, stamp };
  }
}

/** The file as `current` reads it, once it can be used: while it is blank (and the plan has items), a strict
 * beginning of the text last read, or unreadable, wait briefly for the save in progress; then refuse with the
 * reason (a beginning that stays is taken: the end was deleted). Never imported over good data. */
export async function usableCurrent(tx: Db, planId: number, file: string): Promise<Current> {
  const previous = cache.get(planId)?.bytes;
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    let cause: unknown;
    try {
      const cur = await current(planId, file);
      if (isBlankPlan(cur.text) && (await hasActiveItems(tx, planId))) {
        reason = `${file} is empty (an editor may be saving it)`;
      } else if (isCutShort(cur.bytes, previous) && attempt < SETTLE_ATTEMPTS) {
        reason = `${file} was cut short`;
      } else return cur;
    } catch (error) {
      if (isConnectionLost(error)) throw error;
      reason = error instanceof Error ? error.message : String(error);
      cause = error;
    }
    forgetModel(planId);
    if (attempt >= SETTLE_ATTEMPTS) {
      throw new PlanFileUnusableError(
        `${reason}; the change was not applied and the plan keeps its items. Try again once the file is saved.`,
        { cause },
      );
    }
    await new Promise((r) => setTimeout(r, SETTLE_DELAY_MS));
  }
}
