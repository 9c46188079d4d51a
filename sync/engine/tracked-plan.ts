import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, getDb, type Db } from '../../db/client';
import { DatabaseUnavailableError } from '../../db/errors';
import { getPlanRefByPath } from '../../db/queries/plans';
import { storedPlanPath } from '../config';

/**
 * The database and plan tracking `file`, or null when the file is not tracked — or no database exists yet:
 * `tickmark set` on a loose file must not create one. A database held by another process (the dashboard
 * server on the embedded PGlite) also gives null: `tickmark set` then hands the change to that server
 * (sync/handover.ts).
 */
export async function trackedPlanOf(
  file: string,
  plansDir?: string,
): Promise<{ db: Db; plan: { id: number; slug: string } } | null> {
  if (!process.env.DATABASE_URL && !existsSync(join(dataDir(), 'pgdata'))) return null;
  let db: Db;
  try {
    db = await getDb();
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) return null;
    throw error;
  }
  const plan = await getPlanRefByPath(db, storedPlanPath(file, plansDir));
  return plan ? { db, plan } : null;
}
