// Where the tests find the repository and its fixtures. Tests never read plans/ (a user's ticks there must not
// break them): the example plan's bytes are in tests/fixtures/seed/input.md.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = path.join(ROOT, 'tests/fixtures');
/** The example plan as shipped in plans/: mojibake, 131 stated / 128 counted items, a progress log. */
export const SEED = path.join(FIXTURES, 'seed/input.md');
/** The example plan's original, without the mojibake (what `tickmark doctor --fix` turns SEED into). */
export const REPAIRED_SEED = path.join(FIXTURES, 'corpus/dd-sdlc-ai/implementation-plan.md');
