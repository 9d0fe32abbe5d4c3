import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// `npm test` runs this (the harness's unit tests and the CLI's own tests) and, at the same time (scripts/test.mjs),
// `sockgrade check`, which proves every built-in spec against its reference and fixtures with the spec run the CLI uses.
export default defineConfig({
  test: {
    // Most tests wait on servers and sockets: two files at once keep 2 cores busy (the default leaves one
    // core to the main thread, so 1 worker here), as the check beside it does (SPEC_FILES_AT_ONCE).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { test: { name: 'unit', include: ['harness/**/*.test.ts', 'bench/**/*.test.ts'] } },
      { test: { name: 'cli', include: ['fixtures/**/*.test.ts'], testTimeout: 180_000, maxConcurrency: 2 } },
    ],
  },
});
