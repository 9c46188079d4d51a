// One writer per plan across processes: a transaction-scoped PostgreSQL advisory lock keyed by plan id.
// Import (sync/import.ts) takes it; the write-back engine takes the same one, so an import and a tick of
// the same plan never interleave. Re-entrant within one transaction/session.
import { sql } from 'drizzle-orm';
import { isEmbedded, type Db } from './client';
import { keptStatement, value } from './kept-statement';

/** First half of the two-int advisory lock key: "tickmark plan". The second is the plan id (0: creation). */
export const PLAN_LOCK_NAMESPACE = 0x71c4;

export async function lockPlan(tx: Db, planId: number): Promise<void> {
  // PGlite: one process holds the folder and runs one transaction at a time, so no other writer can be inside
  // the lock; the statement would cost a tick ~0.9 ms of CPU for nothing (decision 058).
  if (isEmbedded(tx)) return;
  await lockStatement(tx, { planId });
}

const lockStatement = keptStatement(
  'lock_plan',
  () => sql`select pg_advisory_xact_lock(${PLAN_LOCK_NAMESPACE}::int, ${value('planId')}::int)`,
);

/** Plan creation, across processes: two new files with the same name must not both claim one slug. */
export async function lockPlanCreation(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${PLAN_LOCK_NAMESPACE}::int, 0)`);
}
