import { describeDatabase } from '../../db/client';
import { DatabaseUnavailableError, isConnectionLost, rootReason } from '../../db/errors';
import { type WriteProgress } from './types';

/** Runs a write-back; a lost database connection becomes a DatabaseUnavailableError that says whether the
 * file holds the change. */
export async function retryOnLostConnection<T>(what: string, run: (progress: WriteProgress) => Promise<T>): Promise<T> {
  for (let retried = false; ; retried = true) {
    const progress = { fileWritten: false };
    try {
      return await run(progress);
    } catch (error) {
      if (!isConnectionLost(error)) throw error;
      // After a database restart the first query on a pooled connection can fail: once more on a new one,
      // unless the file already holds the change (its intent is settled by the next write-back or start).
      if (!retried && !progress.fileWritten) {
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      const where = describeDatabase();
      throw new DatabaseUnavailableError(
        progress.fileWritten
          ? `the file holds the change to ${what}, but the database (${where}) went away before recording it: ${rootReason(error)}. It is recorded when the database is back (next change or server start).`
          : `cannot reach the database (${where}): ${rootReason(error)}. Nothing was changed; try again once it is back.`,
        { cause: error },
      );
    }
  }
}
