import type { GradingTarget } from '../spec/target.ts';
import type { RunSettings } from '../run/run-settings.ts';
import { defaultTimeouts, scaled } from '../time/timeouts.ts';
import { settleWithin } from '../time/deadline.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { ResultCollector } from './result-collector.ts';
import type { GradeResult } from './results.ts';
import { specRunConfig } from './spec-run-config.ts';
import { mostWorkFirst } from './spec-order.ts';
import { startSpawner } from '../launch/spawner-service.ts';
import { onInterrupt, withoutSignalListeners } from '../run/interrupt.ts';

export interface GradingRunOptions {
  // Every program to grade, on which assignment.
  readonly targets: readonly GradingTarget[];
  // The spec files of those assignments.
  readonly specFiles: readonly string[];
  // Where vitest runs (the course folder, else sockgrade's own).
  readonly root: string;
  readonly settings: RunSettings;
  readonly testTimeoutMs?: number;
  // Limit for the whole run; tests not finished by then fail with "run time limit reached".
  readonly totalTimeoutMs?: number;
  // Called as soon as each target id's tests have all finished (batch progress).
  readonly onTargetDone?: (id: string, result: GradeResult) => void;
}

// How long running tests get to wind down after the run limit before their workers are stopped.
const STOP_GRACE_MS = 1000;

// Starts loading vitest while the command reads its plan and builds the submissions (a C build with gcc
// takes longer than the import), so runGrading's own import finds it loaded or under way. Called once
// the arguments are valid: --help and usage errors still answer without loading it. A failure to load
// is reported by that later import.
export function preloadSpecRunner(): void {
  startMarks.argumentsRead ??= performance.now();
  import('vitest/node').then(markVitestLoaded, () => undefined);
}

// When each step towards the first test was reached (performance.now(): since the process started), for
// the timing line (SOCKGRADE_TIMING=1): the bench shows where the time to the first test goes.
const startMarks: { argumentsRead?: number; vitestLoaded?: number; vitestCreated?: number; testsRequested?: number } = {};

function markVitestLoaded(): void {
  startMarks.vitestLoaded ??= performance.now();
}

function timingLine(firstTestAtMs: number | undefined): string {
  const at = (ms: number | undefined): string => `${Math.round(ms ?? -1)}ms`;
  const steps = `arguments read at ${at(startMarks.argumentsRead)}, vitest loaded at ${at(startMarks.vitestLoaded)}, vitest created at ${at(startMarks.vitestCreated)}, tests requested at ${at(startMarks.testsRequested)}`;
  return `sockgrade timing: first test started at ${at(firstTestAtMs)}, run ended at ${at(performance.now())} (${steps})\n`;
}

// Grades every target in one vitest run (each spec file loaded once, its tests registered per target),
// our collector the only reporter; resolves with each target's result, keyed by target id.
export async function runGrading(options: GradingRunOptions): Promise<Map<string, GradeResult>> {
  const { settings } = options;
  // Started first, while this process is small: it forks for every server instead of the workers. Not
  // for one program on one assignment: its nine or so servers cost the workers less than the spawner's
  // own start (~70 ms of CPU, 44 MiB; measured: the same wall and CPU either way, 8 runs each).
  const spawner = settings.runDir && options.targets.length * options.specFiles.length > 1 ? startSpawner(settings.runDir) : undefined;
  try {
    return await gradeWithVitest(options, { ...settings, ...(spawner ? { spawner: spawner.socketPath } : {}) }, spawner?.ready);
  } finally {
    await spawner?.close();
  }
}

async function gradeWithVitest(options: GradingRunOptions, settings: RunSettings, spawnerReady: Promise<boolean> | undefined): Promise<Map<string, GradeResult>> {
  const { targets, specFiles, root, totalTimeoutMs } = options;
  const testTimeoutMs = options.testTimeoutMs ?? scaled(defaultTimeouts.testMs);
  const collector = new ResultCollector(targets, options.onTargetDone);
  // Loaded on demand so --help and setup errors answer without loading vitest.
  const { createVitest } = await import('vitest/node');
  markVitestLoaded();
  const config = specRunConfig({ root, context: { settings, targets }, testTimeoutMs });
  const vitest = await withoutSignalListeners(() => createVitest('test', { ...config.test, reporters: [collector] }, config.vite));
  startMarks.vitestCreated ??= performance.now();
  let limitTimer: NodeJS.Timeout | undefined;
  const limitReached = new Promise<void>((resolve) => {
    if (totalTimeoutMs !== undefined) limitTimer = setTimeout(resolve, totalTimeoutMs);
  });
  // Ctrl-C: start no more tests (the run folder then stops every server and exits).
  const offInterrupt = onInterrupt(() => void vitest.cancelCurrentRun('keyboard-input'));
  // The workers start with the first tests: by then it listens (it started before vitest loaded).
  await spawnerReady;
  const project = vitest.getRootProject();
  startMarks.testsRequested ??= performance.now();
  const run = vitest.runTestSpecifications(mostWorkFirst(specFiles, targets).map((file) => project.createSpecification(file))).then(() => 'finished' as const);
  try {
    const first = await Promise.race([run, limitReached.then(() => 'limit' as const)]);
    if (first === 'limit') {
      // Tests still running score 0; vitest stops starting new ones, and after a short grace its
      // workers are closed. Servers left by a stopped worker are killed by the run folder's sweep.
      collector.reachedRunLimit(totalTimeoutMs as number);
      void vitest.cancelCurrentRun('test-failure');
      await settleWithin(run.catch(() => undefined), STOP_GRACE_MS);
      const missing = collector.uncollected;
      if (missing.length > 0) throw new SockgradeError('E_TIMEOUT', `run time limit reached (--timeout-total ${totalTimeoutMs} ms) before the specs of ${missing.join(', ')} were loaded`);
    }
  } finally {
    offInterrupt();
    clearTimeout(limitTimer);
    await vitest.close();
  }
  if (collector.setupErrors.length > 0) {
    throw new SockgradeError('E_SPECS', `the specs could not run: ${collector.setupErrors[0]}`, { details: collector.setupErrors.join('\n') });
  }
  if (settings.timing) {
    process.stderr.write(timingLine(collector.firstTestAtMs));
  }
  return collector.results();
}
