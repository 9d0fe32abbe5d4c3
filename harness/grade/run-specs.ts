import type { GradingContext } from '../spec/target.ts';
import { packageRoot } from '../paths.ts';
import { defaultTimeouts, scaled } from '../time/timeouts.ts';
import { ResultCollector } from './result-collector.ts';
import { bundleSpecsPlugin } from './bundle-specs-plugin.ts';
import { gradeResult } from './results.ts';
import type { GradeResult } from './results.ts';
import { settleWithin } from '../time/deadline.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { runSettings } from '../run/run-settings.ts';

export interface RunSpecsOptions {
  readonly assignments: readonly string[];
  readonly context: GradingContext;
  readonly testTimeoutMs?: number;
  // Limit for the whole run; tests not finished by then fail with "run time limit reached".
  readonly totalTimeoutMs?: number;
}

// How long running tests get to wind down after the run limit before their workers are stopped.
const STOP_GRACE_MS = 1000;

// Runs the assignments' spec files through vitest's Node API, with our collector as the only reporter.
export async function runSpecs({ assignments, context, testTimeoutMs = scaled(defaultTimeouts.testMs), totalTimeoutMs }: RunSpecsOptions): Promise<GradeResult> {
  const collector = new ResultCollector(assignments);
  // Loaded on demand so --help and setup errors answer without loading vitest.
  const { createVitest } = await import('vitest/node');
  const vitest = await createVitest(
    'test',
    {
      config: false,
      root: packageRoot,
      include: assignments.map((name) => `specs/${name}/**/*.spec.ts`),
      watch: false,
      reporters: [collector],
      provide: { sockgrade: { ...context, settings: runSettings() } },
      pool: 'threads',
      sequence: { concurrent: true },
      maxConcurrency: 16,
      testTimeout: testTimeoutMs,
      hookTimeout: testTimeoutMs,
      passWithNoTests: true,
    },
    { logLevel: 'silent', plugins: [bundleSpecsPlugin()] },
  );
  let limitTimer: NodeJS.Timeout | undefined;
  const limitReached = new Promise<void>((resolve) => {
    if (totalTimeoutMs !== undefined) limitTimer = setTimeout(resolve, totalTimeoutMs);
  });
  const run = vitest.start().then(() => 'finished' as const);
  try {
    const first = await Promise.race([run, limitReached.then(() => 'limit' as const)]);
    if (first === 'limit') {
      // Tests still running score 0; vitest stops starting new ones, and after a short grace its
      // workers are closed. Servers left by a stopped worker are killed by the run folder's sweep.
      collector.reachedRunLimit(totalTimeoutMs as number);
      void vitest.cancelCurrentRun('test-failure');
      await settleWithin(run.catch(() => undefined), STOP_GRACE_MS);
      collector.collect();
      const missing = collector.uncollected;
      if (missing.length > 0) throw new SockgradeError('E_TIMEOUT', `run time limit reached (--timeout-total ${totalTimeoutMs} ms) before the specs of ${missing.join(', ')} were loaded`);
    }
  } finally {
    clearTimeout(limitTimer);
    await vitest.close();
  }
  if (collector.setupErrors.length > 0) {
    throw new SockgradeError('E_SPECS', `the specs could not run: ${collector.setupErrors[0]}`, { details: collector.setupErrors.join('\n') });
  }
  if (process.env.SOCKGRADE_TIMING) {
    process.stderr.write(`sockgrade timing: first test started at ${Math.round(collector.firstTestAtMs ?? -1)}ms, run ended at ${Math.round(performance.now())}ms\n`);
  }
  return gradeResult(collector.assignments);
}
