import { defineConfig } from 'vitest/config';

// `npm test`: the harness's unit tests, every spec against the reference, and the fixture matrix.
export default defineConfig({
  test: {
    // A failing spec also prints its transcript, server output and hint.
    reporters: ['default', './harness/reporters/spec-details.ts'],
    projects: [
      { test: { name: 'unit', include: ['harness/**/*.test.ts'] } },
      {
        test: {
          name: 'specs',
          include: ['specs/**/*.spec.ts'],
          sequence: { concurrent: true },
          maxConcurrency: 16,
          testTimeout: 30_000,
        },
      },
      { test: { name: 'fixtures', include: ['fixtures/**/*.test.ts'], testTimeout: 180_000, maxConcurrency: 2 } },
    ],
  },
});
