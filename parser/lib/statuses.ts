// The status registry: every status an item can have, with the checkbox characters that mean it, the word
// people see, the words the CLI accepts and the count it adds to. Parser, schema, queries, CLI and dashboard
// all take statuses from here. GFM knows only `[ ]` and `[x]`/`[X]`; plans also write `[/]` and `[~]` (in
// progress), `[-]` (cancelled) and Kiro's `[ ]*` (optional), so the checkbox is read from the source text.
import type { Counts } from './types';

/** Every status, in the order menus show them (a tuple, so zod's z.enum and drizzle's enum take it as it is). */
export const STATUSES = ['todo', 'in-progress', 'done', 'cancelled'] as const;

export type Status = (typeof STATUSES)[number];

export interface StatusInfo {
  /** What pages show. */
  label: string;
  /** The checkbox characters read as this status; the first is the one written unless the document has a habit. */
  markers: readonly string[];
  /** The field of `Counts` an item with this status adds to. */
  count: keyof Pick<Counts, 'todo' | 'inProgress' | 'done' | 'cancelled'>;
  /** Other words `tickmark set` accepts for it (besides the status itself). */
  aliases: readonly string[];
  /** How task tables spell it (upper case, single spaces; docs/task-tables.md lists them, a test keeps the two
   * in step), the emoji read when a cell has no known word, and what a writer writes when the document says
   * nothing. A bare ❌ is in no list: plans use it for blocked, failed and cancelled alike. */
  table: { words: readonly string[]; emoji: readonly string[]; spelling: string };
}

export const STATUS_INFO: Readonly<Record<Status, StatusInfo>> = {
  todo: {
    label: 'To do',
    markers: [' '],
    count: 'todo',
    aliases: ['to-do', 'open'],
    // Blocked and on-hold work is still in the plan and not done: it counts as remaining.
    table: {
      words: ['TODO', 'TO DO', 'PENDING', 'NOT STARTED', 'OPEN', 'PLANNED', 'BACKLOG', 'BLOCKED', 'ON HOLD'],
      emoji: ['⬜', '🔲', '☐'],
      spelling: '⬜ TODO',
    },
  },
  'in-progress': {
    label: 'In progress',
    markers: ['/', '~'],
    count: 'inProgress',
    aliases: ['in_progress', 'inprogress', 'wip', 'doing'],
    table: {
      words: ['IN PROGRESS', 'WIP', 'STARTED', 'ONGOING', 'DOING', 'ACTIVE', 'IN REVIEW'],
      emoji: ['🔄', '🚧', '⏳'],
      spelling: '🔄 IN PROGRESS',
    },
  },
  done: {
    label: 'Done',
    markers: ['x', 'X'],
    count: 'done',
    aliases: ['complete', 'completed'],
    table: {
      words: ['DONE', 'COMPLETE', 'COMPLETED', 'FINISHED', 'CLOSED', 'RESOLVED', 'FIXED', 'SHIPPED', 'MERGED'],
      emoji: ['✅', '✔', '☑'],
      spelling: '✅ DONE',
    },
  },
  cancelled: {
    label: 'Cancelled',
    markers: ['-'],
    count: 'cancelled',
    aliases: ['canceled'],
    // Deferred work has left this plan's scope, as `[-]` in a list.
    table: {
      words: [
        'CANCELLED',
        'CANCELED',
        'DEFERRED',
        'POSTPONED',
        'DROPPED',
        'SKIPPED',
        'WONTFIX',
        "WON'T FIX",
        "WON'T DO",
        'OUT OF SCOPE',
        'N/A',
      ],
      emoji: ['⏸', '🚫'],
      spelling: '🚫 CANCELLED',
    },
  },
};

export const CHECKBOX = /^\[([ xX/~-])\](\*?)(?=[ \t\r\n]|$)/;
/** Shapes that look like a checkbox but are not one: `[]`, `[  ]`. */
export const BROKEN_CHECKBOX = /^\[( {2,}|\t|)\](?=[ \t\r\n]|$)/;

const BY_MARKER = new Map(STATUSES.flatMap((s) => STATUS_INFO[s].markers.map((m) => [m, s] as const)));

/** The status a checkbox character means (CHECKBOX admits only registered characters). */
export function statusOf(marker: string): Status {
  return BY_MARKER.get(marker) ?? 'todo';
}

/** The status a word typed on the command line names (`wip`, `Done`, `canceled` …), or null. */
export function statusNamed(word: string): Status | null {
  const w = word.trim().toLowerCase();
  return STATUSES.find((s) => s === w || STATUS_INFO[s].aliases.includes(w)) ?? null;
}
