import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { TestUserConfig } from 'vitest/node';
import type { UserConfig as ViteConfig } from 'vite';
import { packageRoot } from '../paths.ts';
import type { GradingContext } from '../spec/target.ts';
import { GivenOrder } from './spec-order.ts';

// Tests of one spec file run together, at most this many at a time (across all the programs graded).
export const MAX_CONCURRENT_TESTS = 16;

// Spec files graded at once, each in its own worker thread. A grading test mostly waits on sockets and
// servers, so vitest's default (one core left for the main thread: 1 worker on 2 cores) left half the
// machine idle while a file's slow failing tests ran out: `sockgrade check` used 40% of 2 cores.
export const SPEC_FILES_AT_ONCE = Math.max(2, availableParallelism() - 1);

// The built harness, bundled into one module (scripts/bundle-harness.mjs): what a spec's
// `import … from 'sockgrade'` loads.
const HARNESS_ENTRY = path.join(packageRoot, 'dist', 'sockgrade.js');

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// The one vitest configuration every spec run uses (grading, check, batch, watch). A spec's 'sockgrade'
// is always the sockgrade that runs it (whatever the course has installed, or not), and that harness is
// loaded by Node itself from dist/, never transformed.
export function specRunConfig({ root, context, testTimeoutMs }: { root: string; context: GradingContext; testTimeoutMs: number }): { test: TestUserConfig; vite: ViteConfig } {
  return {
    test: {
      config: false,
      root,
      watch: false,
      provide: { sockgrade: context },
      pool: 'threads',
      maxWorkers: SPEC_FILES_AT_ONCE,
      // The order runGrading gives (mostWorkFirst).
      sequence: { concurrent: true, sequencer: GivenOrder },
      maxConcurrency: MAX_CONCURRENT_TESTS,
      testTimeout: testTimeoutMs,
      hookTimeout: testTimeoutMs,
      passWithNoTests: true,
      // Nothing written to the course's or the student's folder (vitest's result cache).
      cache: false,
      // A RegExp: vitest matches a string pattern only below node_modules/, so in a source checkout the
      // harness was inlined, its 470 KB transformed by vite and evaluated through node:vm in every worker.
      server: { deps: { external: [new RegExp(`^${escapeRegExp(path.join(packageRoot, 'dist'))}/`)] } },
    },
    vite: { resolve: { alias: [{ find: /^sockgrade$/, replacement: HARNESS_ENTRY }] }, logLevel: 'silent' },
  };
}
