// The item rows this process last wrote for a plan, with the content hash they were written for. Every writer
// of item rows records the file's hash in sync_state in the same transaction, so while sync_state still holds
// that hash the rows are exactly these, and the next import diffs against them without reading 10,000 rows
// back (decision 028). Anything else — another process, a tick, a failed import — changes the hash, and the
// import reads the rows as before.
import type { Db } from '../db/client';
import type { PlanRowsSnapshot } from './apply-model';

const MAX_PLANS = 16; // per database; the least recently imported plan is forgotten first
const byDb = new WeakMap<Db, Map<number, { hash: string; rows: PlanRowsSnapshot }>>();

/** The remembered rows of a plan when the database still records `syncedHash` for it, else undefined. */
export function rememberedRows(db: Db, planId: number, syncedHash: string | undefined): PlanRowsSnapshot | undefined {
  const memo = byDb.get(db)?.get(planId);
  return memo && syncedHash !== undefined && memo.hash === syncedHash ? memo.rows : undefined;
}

/** Call once the transaction that wrote `rows` and recorded `hash` has committed. */
export function rememberRows(db: Db, planId: number, hash: string, rows: PlanRowsSnapshot): void {
  let plans = byDb.get(db);
  if (!plans) byDb.set(db, (plans = new Map()));
  plans.delete(planId);
  plans.set(planId, { hash, rows });
  if (plans.size > MAX_PLANS) plans.delete(plans.keys().next().value!);
}

/** Forget a plan's rows (a transaction that may have written them rolled back). */
export function forgetRows(db: Db, planId: number): void {
  byDb.get(db)?.delete(planId);
}
