// The item rows this process last wrote for a plan, with the content hash they were written for. Every writer
// of item rows records the file's hash in sync_state in the same transaction, so while sync_state still holds
// that hash the rows are exactly these, and the next import diffs against them without reading 10,000 rows
// back (decision 028). Anything else — another process, a tick, a failed import — changes the hash, and the
// import reads the rows as before. The text and model they were written from are kept too: an edit that only
// flips checkboxes then updates that model instead of parsing (decision 048).
import type { Db } from '../db/client';
import type { PlanModel } from '../parser/index';
import type { PlanRowsSnapshot } from './apply-model';

/** A file's text and its model (the import's own copy: the next import may update it in place). */
export interface ParsedText {
  /** The text, but where `chars` holds a character, that one (flips read from the bytes, decision 057). */
  text: string;
  chars?: ReadonlyMap<number, string>;
  model: PlanModel;
  /** The file's bytes (the import's own copy) and their byte → text offset map, once made. */
  bytes?: Buffer;
  charAt?: (byteOffset: number) => number;
}

interface Remembered {
  hash: string;
  rows: PlanRowsSnapshot;
  parsed: ParsedText | null;
}

const MAX_PLANS = 16; // per database; the least recently imported plan is forgotten first
const byDb = new WeakMap<Db, Map<number, Remembered>>();

/** The remembered rows of a plan when the database still records `syncedHash` for it, else undefined. */
export function rememberedRows(db: Db, planId: number, syncedHash: string | undefined): PlanRowsSnapshot | undefined {
  const memo = byDb.get(db)?.get(planId);
  return memo && syncedHash !== undefined && memo.hash === syncedHash ? memo.rows : undefined;
}

/** Takes the text and model the remembered rows of `hash` were written from (once: the caller may change the
 * model), with those rows: a diff against exactly these rows may skip the items the change left alone. */
export function takeParsed(
  db: Db,
  planId: number,
  hash: string,
): (ParsedText & { rows: PlanRowsSnapshot }) | undefined {
  const memo = byDb.get(db)?.get(planId);
  if (!memo || memo.hash !== hash || !memo.parsed) return undefined;
  const { parsed } = memo;
  memo.parsed = null;
  return { ...parsed, rows: memo.rows };
}

/** The bytes the remembered text of `hash` was read from, when the remembered model has items (so the plan
 * has active items: the import's source-document check cannot apply), without taking them. */
export function rememberedBytes(db: Db, planId: number, hash: string): Buffer | undefined {
  const memo = byDb.get(db)?.get(planId);
  return memo && memo.hash === hash && memo.parsed?.model.items.length ? memo.parsed.bytes : undefined;
}

/** Call once the transaction that wrote `rows` (from `parsed`) and recorded `hash` has committed. */
export function rememberRows(db: Db, planId: number, hash: string, rows: PlanRowsSnapshot, parsed: ParsedText): void {
  let plans = byDb.get(db);
  if (!plans) byDb.set(db, (plans = new Map()));
  plans.delete(planId);
  plans.set(planId, { hash, rows, parsed });
  if (plans.size > MAX_PLANS) plans.delete(plans.keys().next().value!);
}

/** Forget a plan's rows (a transaction that may have written them rolled back). */
export function forgetRows(db: Db, planId: number): void {
  byDb.get(db)?.delete(planId);
}
