// What the server (server/services.ts) hands every loader and action. The database, the sync engine and
// the change notifications live in the server process, not in the Remix bundle, so there is exactly one
// PGlite and one event emitter per process.
import type { Db } from '../db/client';
import type { Status } from '../parser/lib/types';

export type ItemStatus = Status;

export type SetStatusResult =
  | { ok: true; version: number; status: ItemStatus; /** Edits written to the file (0: it already had that status). */ edits: number }
  | { ok: false; reason: 'conflict'; current: { status: ItemStatus; version: number } | null; message: string }
  | { ok: false; reason: 'unknown-item' | 'unavailable' | 'failed'; message: string };

export interface PlanChangedEvent {
  planId: number;
  slug: string;
  source: 'markdown' | 'ui' | 'cli';
  keys?: string[];
}

export interface TickmarkServices {
  db: Db;
  /** Absolute PLANS_DIR. */
  plansDir: string;
  setStatus(
    slug: string,
    key: string,
    status: ItemStatus,
    opts: { actor: string | null; expectedVersion?: number; source?: 'ui' | 'cli'; today?: string },
  ): Promise<SetStatusResult>;
  /** Rewrites the plan's mojibake (UTF-8 read as Windows-1252) and re-imports it. */
  repairMojibake(slug: string): Promise<{ ok: true; changed: boolean } | { ok: false; message: string }>;
  onPlanChanged(listener: (event: PlanChangedEvent) => void): () => void;
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    tickmark: TickmarkServices;
  }
}
declare module '@remix-run/server-runtime' {
  interface AppLoadContext {
    tickmark: TickmarkServices;
  }
}
