import { defineConfig } from 'vitest/config';

// One project per kind of test, chosen by folder; inside each folder the tests mirror the source tree
// (tests/unit/cli/commands/set.test.ts tests cli/commands/set.ts). Shared helpers live in tests/helpers/.
// The one exception: white-box tests of the parser's internal modules sit beside them (parser/lib/*.test.ts),
// so nothing outside parser/ imports parser/lib/.
// `npm test` runs the three one after another (tests/run-projects.js). Database and browser tests each run
// in one process so they share one PGlite instance / one server (a fresh PGlite costs ~5 s and ~700 MB).
// Each run's scratch files live under one temp folder, removed when the run ends.
const TEMP_ROOT = 'tests/helpers/temp-root.ts';

export default defineConfig({
  test: {
    globals: true,
    projects: [
      {
        test: {
          name: 'unit',
          globals: true,
          globalSetup: [TEMP_ROOT],
          include: ['tests/unit/**/*.test.ts', 'parser/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'db',
          globals: true,
          globalSetup: [TEMP_ROOT],
          include: ['tests/db/**/*.test.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          globals: true,
          globalSetup: [TEMP_ROOT],
          include: ['tests/e2e/**/*.test.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
