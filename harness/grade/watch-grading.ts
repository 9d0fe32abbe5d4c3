import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { GradingRunOptions } from './grading-run.ts';
import { ResultCollector } from './result-collector.ts';
import type { GradeResult } from './results.ts';
import { specRunConfig } from './spec-run-config.ts';
import { onInterrupt, withoutSignalListeners } from '../run/interrupt.ts';
import { defaultTimeouts, scaled } from '../time/timeouts.ts';

export interface WatchOptions extends GradingRunOptions {
  // The folder whose changes re-grade (the submission).
  readonly watchDir: string;
  // Runs before each re-grade (the manifest's build); what it throws is reported, and the tests run anyway.
  readonly beforeRerun?: () => Promise<void>;
  // Each run's results, keyed by target id, or why the specs could not run.
  readonly onResults: (results: Map<string, GradeResult>, setupErrors: readonly string[]) => void;
}

// A collector per run: vitest's watch mode reuses the reporter, the results must not pile up.
class PerRunCollector implements Reporter {
  #current: ResultCollector;

  constructor(private readonly options: WatchOptions) {
    this.#current = new ResultCollector(options.targets);
  }

  onTestRunStart(): void {
    this.#current = new ResultCollector(this.options.targets);
  }

  onTestModuleCollected(module: TestModule): void {
    this.#current.onTestModuleCollected(module);
  }

  onTestCaseReady(testCase: TestCase): void {
    this.#current.onTestCaseReady(testCase);
  }

  onTestCaseResult(testCase: TestCase): void {
    this.#current.onTestCaseResult(testCase);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<{ message?: string }>): void {
    this.#current.onTestRunEnd(modules, errors);
    this.options.onResults(this.#current.results(), this.#current.setupErrors);
  }
}

// Grades once, then again whenever a file under watchDir changes, with vitest's own watch mode (its
// watcher, its debounced reruns). Resolves when the watcher is closed; Ctrl-C ends the process.
export async function watchGrading(options: WatchOptions): Promise<void> {
  const { targets, specFiles, settings, watchDir } = options;
  const testTimeoutMs = options.testTimeoutMs ?? scaled(defaultTimeouts.testMs);
  // vite's watcher watches its root: the submission's folder (the spec files are given by absolute path).
  const config = specRunConfig({ root: watchDir, context: { settings, targets }, testTimeoutMs });
  const { createVitest } = await import('vitest/node');
  const vitest = await withoutSignalListeners(() => createVitest('test', { ...config.test, watch: true, forceRerunTriggers: [`${watchDir}/**`], reporters: [new PerRunCollector(options)] }, config.vite));
  onInterrupt(() => void vitest.cancelCurrentRun('keyboard-input'));
  if (options.beforeRerun) vitest.onTestsRerun(async () => options.beforeRerun?.());
  const project = vitest.getRootProject();
  await vitest.runTestSpecifications(specFiles.map((file) => project.createSpecification(file)));
  await new Promise<void>((resolve) => vitest.onClose(resolve));
}
