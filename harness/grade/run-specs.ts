import type { GradingContext } from '../spec/target.ts';
import { packageRoot } from '../paths.ts';
import { defaultTimeouts, scaled } from '../time/timeouts.ts';
import { ResultCollector } from './result-collector.ts';
import { bundleSpecsPlugin } from './bundle-specs-plugin.ts';
import { gradeResult } from './results.ts';
import type { GradeResult } from './results.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';

export interface RunSpecsOptions {
  readonly assignments: readonly string[];
  readonly context: GradingContext;
  readonly testTimeoutMs?: number;
}

// Runs the assignments' spec files through vitest's Node API, with our collector as the only reporter.
export async function runSpecs({ assignments, context, testTimeoutMs = scaled(defaultTimeouts.testMs) }: RunSpecsOptions): Promise<GradeResult> {
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
      provide: { sockgrade: context },
      pool: 'threads',
      sequence: { concurrent: true },
      maxConcurrency: 16,
      testTimeout: testTimeoutMs,
      hookTimeout: testTimeoutMs,
      passWithNoTests: true,
    },
    { logLevel: 'silent', plugins: [bundleSpecsPlugin()] },
  );
  try {
    await vitest.start();
  } finally {
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
