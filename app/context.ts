// What the server (server/services.ts) hands every loader and action. The database, the sync engine and
// the change notifications live in the server process, not in the Remix bundle, so there is exactly one
// PGlite and one event emitter per process.
import type { Db } from '../db/client';
import type {
  Coverage,
  GeneratedPlan,
  GeneratePlanOptions,
  Status,
  StructureChange,
  StructureOutcome,
} from '../parser/index';
import type { LinkRequest, MergePreview } from '../sync/curriculum';

export type ItemStatus = Status;

export type SetStatusResult =
  | {
      ok: true;
      version: number;
      status: ItemStatus;
      /** Edits written to the file (0: it already had that status). */ edits: number;
    }
  | { ok: false; reason: 'conflict'; current: { status: ItemStatus; version: number } | null; message: string }
  /** refused: the file cannot be written or read right now (read-only, outside PLANS_DIR, disk full, mid-save). */
  | { ok: false; reason: 'unknown-item' | 'unavailable' | 'refused' | 'failed'; message: string };

/** A structural change (or several, or many status changes) from the dashboard: what it made, or why not.
 * `invalid`: bad input the planner refused (unknown section, taken ID, empty title …); nothing written. */
export type StructureChangeResult =
  | { ok: true; outcomes: StructureOutcome[]; edits: number }
  | Exclude<SetStatusResult, { ok: true }>
  | { ok: false; reason: 'invalid'; message: string };

export type AppendReportResult =
  | { ok: true; week: string; file: string; /** false: the block was already there, byte for byte */ changed: boolean }
  /** stale: the document changed since the report was shown; invalid: a week that cannot be reported. */
  | { ok: false; reason: 'stale' | 'invalid' | 'unknown-plan' | 'unavailable' | 'refused' | 'failed'; message: string };

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
    opts: { actor: string | null; expectedVersion?: number; source?: 'ui' | 'cli'; today?: string; note?: string },
  ): Promise<SetStatusResult>;
  /** Applies structural changes as one write through the engine (lock, conflicts, atomic write, bookkeeping);
   * `expectedVersion` guards the first change's item. */
  structure(
    slug: string,
    changes: StructureChange[],
    opts: { actor: string | null; expectedVersion?: number; today?: string },
  ): Promise<StructureChangeResult>;
  /** Writes the plan's start and target dates into its document (sync engine), from where every import reads
   * them back. null clears a date. */
  setDates(
    slug: string,
    dates: { startDate: string | null; targetDate: string | null },
    opts: { actor: string | null },
  ): Promise<{ ok: true; edits: number } | { ok: false; reason: string; message: string }>;
  /** Undoes the plan's last change made through Tickmark (refused when the text changed since, or when
   * `changeId` — the change the caller showed and checked the role for — is no longer the last). */
  undo(
    slug: string,
    opts: { actor: string | null; source?: 'ui' | 'cli'; changeId?: number },
  ): Promise<{ ok: true; summary: string } | { ok: false; reason: string; message: string }>;
  /** What an undo would revert now, or null. */
  lastChange(slug: string): Promise<{
    id: number;
    summary: string;
    at: string;
    actor: string | null;
    source: string;
    /** Undoing it needs this role, the one the change needed. */
    role: 'contributor' | 'lead';
  } | null>;
  /** The structure changes that add source topics (by file and line) to the plan where they belong
   * (parser's topicChanges: the section of the category in the phase of the priority). */
  topicChanges(
    slug: string,
    topics: { file: string; line: number }[],
  ): Promise<{ ok: true; changes: StructureChange[]; titles: string[] } | { ok: false; message: string }>;
  /** What merging the stored sources (`files`: base names; all when null) into the plan would add (with the
   * IDs and sections the engine would give), change and find gone (sync/curriculum.ts). */
  mergePreview(
    slug: string,
    files: string[] | null,
  ): Promise<{ ok: true; preview: MergePreview } | { ok: false; message: string }>;
  /** Confirms, adds or removes links between items and source topics in the plan's Source Coverage table,
   * as a change through the write-back engine recorded under `actor` (one Undo). */
  saveLinks(
    slug: string,
    requests: LinkRequest[],
    actor: string | null,
  ): Promise<{ ok: true; changed: boolean } | { ok: false; message: string }>;
  /** A plan generated from stored sources (their paths as listed): the preview, or with `create` written as
   * a new file in the plans folder (refused when it exists) and tracked. */
  planFromSources(
    paths: string[],
    options: GeneratePlanOptions,
    create: { name: string } | null,
  ): Promise<
    | { ok: true; preview: GeneratedPlan }
    | { ok: true; created: { slug: string | null; path: string; items: number } }
    | { ok: false; message: string }
  >;
  /** Rewrites the plan's mojibake (UTF-8 read as Windows-1252) and re-imports it. */
  repairMojibake(slug: string): Promise<{ ok: true; changed: boolean } | { ok: false; message: string }>;
  /** Files in the plans folder that failed to import and have no plan to show it on. */
  importFailures(): { file: string; reason: string; todo: string; at: string }[];
  onPlanChanged(listener: (event: PlanChangedEvent) => void): () => void;
  /**
   * Writes a week's report into the plan's progress log (sync/report-append.ts), refused when the file is no
   * longer the one whose hash the page showed (`expectHash`).
   */
  appendReport(
    slug: string,
    selection: { week?: string; from?: string; to?: string },
    opts: { timeZone?: string; weekStart?: number; expectHash?: string },
  ): Promise<AppendReportResult>;
  /** The plan's coverage of the source documents in the plans folder (null: no sources, or no such plan). */
  coverage(slug: string): Promise<Coverage | null>;
}

export type Role = 'viewer' | 'contributor' | 'lead';

/** Who sent a request, as the server established it (server/security.ts): never from a form field or an
 * unconfigured header. `local`: the OS user of a loopback server with no users (local mode). */
export interface Identity {
  name: string;
  role: Role;
  via: 'session' | 'token' | 'proxy' | 'local';
  /** users.id for a session or proxy user (per-plan roles apply), else null. */
  userId: number | null;
  /** The session's form token (sessions only: a token or local request carries no ambient credential). */
  csrf: string | null;
}

/** What the server learnt about one request (server/security.ts), for loaders, actions and the HTML entry. */
export interface RequestSecurity {
  /** The Content-Security-Policy nonce of this response's scripts. */
  nonce: string;
  identity: Identity | null;
  /** True once a user exists or the server binds beyond loopback: every request needs an identity. */
  signInRequired: boolean;
  /** The client's address (the proxy's when behind one), for the sign-in rate limit and the log. */
  address: string;
  /** The connection is TLS (directly, or a trusted proxy says so): cookies get `Secure`. */
  secure: boolean;
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    tickmark: TickmarkServices;
    security?: RequestSecurity;
  }
}
declare module '@remix-run/server-runtime' {
  interface AppLoadContext {
    tickmark: TickmarkServices;
    security?: RequestSecurity;
  }
}
