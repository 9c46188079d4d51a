// Checkbox statuses. GFM knows only `[ ]` and `[x]`/`[X]`; plans also write `[/]` and `[~]` (in progress),
// `[-]` (cancelled) and Kiro's `[ ]*` (optional), so the checkbox is read from the source text.

import type { Status } from './types';

export const CHECKBOX = /^\[([ xX/~-])\](\*?)(?=[ \t\r\n]|$)/;
/** Shapes that look like a checkbox but are not one: `[]`, `[  ]`. */
export const BROKEN_CHECKBOX = /^\[( {2,}|\t|)\](?=[ \t\r\n]|$)/;

export function statusOf(marker: string): Status {
  switch (marker) {
    case 'x':
    case 'X':
      return 'done';
    case '/':
    case '~':
      return 'in-progress';
    case '-':
      return 'cancelled';
    default:
      return 'todo';
  }
}
