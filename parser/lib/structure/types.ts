// Structural changes to a plan: add, edit, move and remove items; add and rename sections; add phases; and
// status changes (one or many) so a sequence of any of them can be applied as one write.
// Sections, phases and items are named by reference strings resolved against the model (resolve.ts): a key,
// a number (`1.1`, `2`) or the start of the heading's text.

import type { Status } from '../types';
import type { CoverageLink } from '../sources/coverage-table';

export type StructureChange =
  | {
      kind: 'add-item';
      /** Section reference; or `phase` when the item goes to the end of a phase. */
      section?: string;
      phase?: string;
      title: string;
      description?: string;
      /** A given ID (refused when the plan has or ever had it); by default the next free one. */
      id?: string;
      status?: Status;
      /** Item key to insert after (in its section); by default the end of the section. */
      after?: string;
    }
  | { kind: 'edit-item'; key: string; title?: string; description?: string }
  | { kind: 'move-item'; key: string; section?: string; phase?: string; after?: string }
  | { kind: 'remove-item'; key: string }
  | { kind: 'add-section'; phase: string; title: string }
  | { kind: 'rename-section'; section: string; title: string }
  | { kind: 'add-phase'; name: string; priority?: string }
  | { kind: 'set-status'; key: string; status: Status }
  /** The plan's start and target dates (a date, null to clear, absent to leave): plan-dates.ts. */
  | { kind: 'set-dates'; startDate?: string | null; targetDate?: string | null }
  /** The plan's Source Coverage table (decision 024) rewritten to hold `links`, refused unless it still holds
   * `expected` (the links the caller computed from); `summary` says what the user did, for the change log. */
  | { kind: 'set-coverage'; links: CoverageLink[]; expected: CoverageLink[]; summary: string };

export type StructureChangeKind = StructureChange['kind'];

/** What a change produced, read back from the parsed result. */
export interface StructureOutcome {
  kind: StructureChangeKind;
  /** The key of the item, section or phase the change made or touched (a removed item's former key). */
  key: string | null;
  /** The item's ID (items only), or null. */
  id: string | null;
  /** 1-based line of the item or heading in the new text (null for a removed item). */
  line: number | null;
  /** The key before the change when it moved (an item without an ID is keyed by section and title). */
  previousKey?: string;
}

export type StructureErrorCode =
  | 'unknown-item'
  | 'unknown-section'
  | 'unknown-phase'
  | 'ambiguous'
  | 'id-taken'
  | 'bad-id'
  | 'empty-title'
  | 'line-break'
  | 'bad-text'
  | 'move-into-itself'
  | 'no-structure'
  | 'bad-date'
  | 'links-changed';

/** Bad input for a structural change: the message says what to do; nothing is written. */
export class StructureError extends Error {
  readonly name = 'StructureError';
  constructor(
    readonly code: StructureErrorCode,
    message: string,
    /** 1-based line the problem is about, when there is one. */
    readonly line?: number,
  ) {
    super(message);
  }
}
