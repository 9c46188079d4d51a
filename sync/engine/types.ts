// What the engine's callers pass and get back, and the shape of one write-back inside the plan's writer.
import { type ItemRow } from '../../db/schema';
import { type Edit, type StructureOutcome } from '../../parser/index';

export type PlanRef = { slug: string } | { id: number };

export interface ChangeOptions {
  actor?: string | null;
  source: 'ui' | 'cli';
  /** The item version the caller saw; an older one is a conflict, never a silent overwrite. */
  expectedVersion?: number;
  /** Fills the Notes cell of the progress-log row a completion writes. */
  note?: string;
  /** Local date of the change (`YYYY-MM-DD`) for the progress log and Last Updated; default today. */
  today?: string;
  now?: Date;
  plansDir?: string;
}

export interface ChangeResult {
  item: ItemRow;
  version: number;
  /** Edits applied to the file (empty when the item already had that status). */
  edits: Edit[];
  /** A same-day re-tick by whoever unticked it: the untick was undone (its event gone, no new one). */
  restored?: boolean;
}

export interface StructureResult {
  /** Per change: the resulting key, ID and line (sync/engine's callers print these). */
  outcomes: StructureOutcome[];
  edits: Edit[];
}

export interface UndoResult {
  summary: string;
  edits: Edit[];
}

export type PlanRow = { id: number; slug: string; path: string };

/** Set once the plan file holds the change: a lost connection after that is not retried. */
export type WriteProgress = { fileWritten: boolean };

export type WriteBackOf<R> =
  | { value: R; edits: Edit[]; intentPath: string | null; imported: boolean; keys?: string[]; refused?: undefined }
  | { refused: Error; imported: boolean };
