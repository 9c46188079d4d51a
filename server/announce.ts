// Where a running dashboard can be found. The embedded PGlite can be open in one process only, so while
// `npm start` runs, `tickmark set` cannot record a change in the database itself; the server leaves its
// address beside the database (`<data dir>/server.json`) and the CLI hands the change to it, so the change
// is recorded as the CLI's, by its user, like any other.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from '../db/client';
import { isAlive } from '../db/lock';

/** The endpoint taking a `tickmark set` (server/cli-api.ts). */
export const CLI_SET_STATUS = '/api/cli/set-status';

export interface CliSetStatusAnswer {
  ok: boolean;
  message?: string;
  slug?: string;
  version?: number;
  edits?: number;
}

export interface RunningServer {
  pid: number;
  url: string;
}

function announcementFile(): string | null {
  const dir = dataDir();
  return dir.startsWith('memory://') ? null : path.join(dir, 'server.json');
}

/** Says where this server listens, while it runs with the embedded database; returns how to take it back. */
export function announceServer(url: string): () => void {
  const file = announcementFile();
  if (process.env.DATABASE_URL || !file) return () => {};
  writeFileSync(file, JSON.stringify({ pid: process.pid, url } satisfies RunningServer));
  return () => rmSync(file, { force: true });
}

/** The dashboard holding the embedded database, when one runs on this machine. */
export function runningServer(): RunningServer | null {
  const file = announcementFile();
  if (process.env.DATABASE_URL || !file) return null;
  try {
    const found = JSON.parse(readFileSync(file, 'utf8')) as RunningServer;
    return Number.isInteger(found.pid) && typeof found.url === 'string' && found.pid !== process.pid && isAlive(found.pid) ? found : null;
  } catch {
    return null;
  }
}
