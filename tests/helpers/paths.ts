// Where the tests find the repository and its fixtures. Tests never read plans/ (a user's ticks there must not
// break them): the example plan's bytes are in tests/fixtures/seed/input.md.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = path.join(ROOT, 'tests/fixtures');
/** The example plan as shipped in plans/: mojibake, 131 stated / 128 counted items, a progress log. */
export const SEED = path.join(FIXTURES, 'seed/input.md');
/** The example plan's original, without the mojibake (what `tickmark doctor --fix` turns SEED into). */
export const REPAIRED_SEED = path.join(FIXTURES, 'corpus/dd-sdlc-ai/implementation-plan.md');

/** Every plan the property tests run on, relative to FIXTURES: each fixture's input.md and each corpus file. */
export const PLAN_DOCUMENTS: readonly string[] = [
  ...readdirSync(FIXTURES)
    .filter((d) => existsSync(path.join(FIXTURES, d, 'input.md')))
    .map((d) => `${d}/input.md`),
  ...['public-plans', 'dd-sdlc-ai'].flatMap((dir) =>
    readdirSync(path.join(FIXTURES, 'corpus', dir)).map((f) => `corpus/${dir}/${f}`),
  ),
];
