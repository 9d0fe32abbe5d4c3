import { defineConfig } from 'vitest/config';
import { SPEC_FILES_AT_ONCE } from './harness/grade/spec-run-config.ts';

// `npm test` runs this (the harness's unit tests and the CLI's own tests) and, at the same time (scripts/test.mjs),
// `sockgrade check`, which proves every built-in spec against its reference and fixtures with the spec run the CLI uses.
export default defineConfig({
  test: {
    // Most tests wait on servers and sockets: as many files at once as the check beside it grades (the
    // default leaves one core to the main thread, so 1 worker on 2 cores).
    maxWorkers: SPEC_FILES_AT_ONCE,
    projects: [
      { test: { name: 'unit', include: ['harness/**/*.test.ts', 'bench/**/*.test.ts'] } },
      { test: { name: 'cli', include: ['fixtures/**/*.test.ts'], testTimeout: 180_000, maxConcurrency: 2 } },
    ],
  },
});
