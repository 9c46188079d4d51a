// What the read commands (status, next, list, report, history) share: their query runs on this process's
// database, or — while a dashboard holds the embedded one — on the dashboard's, which answers the same JSON
// (sync/reads.ts). Only what the chosen way needs is loaded: handing over must not pay for opening a database.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { handOverRead, runningServer } from '../../sync/handover';
import type { ReadAnswer, ReadRequest } from '../../sync/reads';
import { CliError } from './errors';

/** The answer to `request`, with its import warnings already printed to stderr. */
export async function readPlans<R extends ReadRequest>(request: R): Promise<ReadAnswer<R['command']>> {
  const answer = await ask(request);
  for (const w of answer.warnings) process.stderr.write(`warning: ${w}\n`);
  return answer;
}

async function ask<R extends ReadRequest>(request: R): Promise<ReadAnswer<R['command']>> {
  const server = runningServer();
  // A dashboard on this machine holds the embedded database: it answers. One elsewhere (TICKMARK_SERVER)
  // answers only when this machine has no database of its own to read.
  if (server && (server.pid !== 0 || !(await hasOwnDatabase()))) {
    const handed = await handOverRead(server, { ...request, plan: absoluteIfFile(request.plan) } as R);
    if (handed?.ok) return handed;
    if (handed) throw new CliError(handed.message ?? `the dashboard at ${server.url} could not answer`);
  }
  const { getDb, closeDb } = await import('../../db/client');
  try {
    // The database starts (WASM load, PostgreSQL start-up) while the query's modules load (decision 050).
    const [db, { answerRead, ReadError }, { plansDir }] = await Promise.all([
      getDb({ brief: true }),
      import('../../sync/reads'),
      import('../../sync/config'),
    ]);
    return await answerRead(db, request, { plansDir: plansDir() }).catch((error: unknown) => {
      throw error instanceof ReadError ? new CliError(error.message) : error;
    });
  } finally {
    await closeDb();
  }
}

async function hasOwnDatabase(): Promise<boolean> {
  const { dataDir } = await import('../../db/data-dir');
  return Boolean(process.env.DATABASE_URL) || existsSync(path.join(dataDir(), 'pgdata'));
}

/** A server runs elsewhere in the file system's eyes: a file is named to it by its absolute path. */
function absoluteIfFile(plan: string | undefined): string | undefined {
  return plan !== undefined && existsSync(plan) && statSync(plan).isFile() ? path.resolve(plan) : plan;
}
