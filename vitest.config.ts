import { defineConfig } from 'vitest/config';

// Three projects: pure unit tests run in parallel; database and browser tests each run in one process
// so they share one PGlite instance / one server (a fresh PGlite costs ~5 s and ~700 MB).
export default defineConfig({
  test: {
    globals: true,
    projects: [
      {
        test: {
          name: 'unit',
          globals: true,
          include: ['parser/**/*.test.ts', 'cli/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'db',
          globals: true,
          include: ['tests/db/**/*.test.ts', 'sync/**/*.test.ts', 'db/**/*.test.ts'],
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
