// The hand-over between a `tickmark set` process and a running dashboard. The embedded PGlite can be open in
// one process only, so while `npm start` runs, the CLI cannot record a change in the database itself: the
// server leaves its address beside the database (`<data dir>/server.json`) and the CLI posts the change to
// it, so the change is recorded as the CLI's, by its user, like any other. Both faces use this module:
// server/ announces itself and answers CLI_SET_STATUS (server/cli-api.ts), cli/ finds it and hands over.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from '../db/data-dir';
import { isAlive } from '../db/lock';
import type { Status, StructureChange, StructureOutcome } from '../parser/index';
import type { ReadAnswer, ReadRequest } from './reads';

/** The endpoint taking a `tickmark set` (server/cli-api.ts). */
export const CLI_SET_STATUS = '/api/cli/set-status';

/** What the CLI posts: the plan named by its absolute path, the item by its key. */
export interface CliSetStatusRequest {
  file: string;
  key: string;
  status: Status;
  today?: string;
  /** Fills the Notes cell of the progress-log row a completion writes. */
  note?: string;
}

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
  // A dashboard elsewhere (a team's server): changes go to it, with TICKMARK_TOKEN as the bearer token.
  const named = process.env.TICKMARK_SERVER?.trim();
  if (named) return { pid: 0, url: named };
  const file = announcementFile();
  if (process.env.DATABASE_URL || !file) return null;
  try {
    const found = JSON.parse(readFileSync(file, 'utf8')) as RunningServer;
    return Number.isInteger(found.pid) &&
      typeof found.url === 'string' &&
      found.pid !== process.pid &&
      isAlive(found.pid)
      ? found
      : null;
  } catch {
    return null;
  }
}

/**
 * Posts the change to the running dashboard. null when it does not track the file or cannot be reached (the
 * caller then edits the file itself, and a server watching it imports the edit); otherwise its answer.
 */
export function handOverSetStatus(
  server: RunningServer,
  request: CliSetStatusRequest,
): Promise<CliSetStatusAnswer | null> {
  return postToServer<CliSetStatusAnswer>(server, CLI_SET_STATUS, request);
}

/** POSTs `body` as JSON to `endpoint` of the running dashboard, with TICKMARK_TOKEN as the bearer token; null
 * when the server is unreachable or answers 404 (it does not track the file). Every hand-over goes through here. */
export async function postToServer<Answer>(
  server: RunningServer,
  endpoint: string,
  body: unknown,
): Promise<Answer | null> {
  let response: Response;
  try {
    response = await fetch(new URL(endpoint, server.url), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        // Who the CLI acts as once the dashboard requires sign-in (`tickmark token create`); never a name it sends.
        ...(process.env.TICKMARK_TOKEN ? { Authorization: `Bearer ${process.env.TICKMARK_TOKEN.trim()}` } : {}),
      },
      body: JSON.stringify(body),
    });
  } catch {
    return null;
  }
  if (response.status === 404) return null;
  if (response.status === 401 && !process.env.TICKMARK_TOKEN) {
    const answer = (await response.json().catch(() => ({}))) as { message?: string };
    return {
      ok: false,
      message: `${answer.message ?? 'sign-in required'} Set TICKMARK_TOKEN to a token from 'tickmark token create'.`,
    } as Answer;
  }
  return (await response.json().catch(() => ({ ok: false, message: `HTTP ${response.status}` }))) as Answer;
}

/** The endpoint taking structural changes and bulk status changes from the CLI (server/cli-api.ts). */
export const CLI_STRUCTURE = '/api/cli/structure';

export interface CliStructureRequest {
  file: string;
  changes: StructureChange[];
  today?: string;
}

export interface CliStructureAnswer {
  ok: boolean;
  message?: string;
  slug?: string;
  outcomes?: StructureOutcome[];
}

/** Posts structural changes to the running dashboard; null when it does not track the file or is gone. */
export function handOverStructure(
  server: RunningServer,
  request: CliStructureRequest,
): Promise<CliStructureAnswer | null> {
  return postToServer<CliStructureAnswer>(server, CLI_STRUCTURE, request);
}

/** The endpoint taking `tickmark undo` (server/cli-api.ts). */
export const CLI_UNDO = '/api/cli/undo';

export interface CliUndoAnswer {
  ok: boolean;
  message?: string;
  summary?: string;
}

/** Posts an undo to the running dashboard; null when it does not track the file or is gone. */
export function handOverUndo(
  server: RunningServer,
  request: { file: string; actor?: string | null },
): Promise<CliUndoAnswer | null> {
  return postToServer<CliUndoAnswer>(server, CLI_UNDO, request);
}

/** The endpoint answering the CLI's read commands (status, next, list, report, history) from the server's
 * database (server/cli-api.ts); the answer is what sync/reads.ts computes, printed by the CLI as its own. */
export const CLI_READ = '/api/cli/read';

export type CliReadAnswer<R extends ReadRequest> =
  ({ ok: true } & ReadAnswer<R['command']>) | { ok: false; message?: string; status?: number };

/** Asks the running dashboard; null when it is gone (or answers 404: an older server without reads). */
export function handOverRead<R extends ReadRequest>(
  server: RunningServer,
  request: R,
): Promise<CliReadAnswer<R> | null> {
  return postToServer<CliReadAnswer<R>>(server, CLI_READ, request);
}

/** The endpoint taking `tickmark history import FILE` (server/cli-api.ts). */
export const CLI_HISTORY_IMPORT = '/api/cli/history-import';

export interface CliHistoryImportAnswer {
  ok: boolean;
  message?: string;
  events?: number;
  commits?: number;
  /** False when the file is not in a git work tree. */
  inGit?: boolean;
}

/** Posts a re-read of the plan's git history to the running dashboard; null when it does not track the file
 * or is gone. */
export function handOverHistoryImport(
  server: RunningServer,
  request: { file: string },
): Promise<CliHistoryImportAnswer | null> {
  return postToServer<CliHistoryImportAnswer>(server, CLI_HISTORY_IMPORT, request);
}
