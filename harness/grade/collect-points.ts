import type { GradingTarget } from '../spec/target.ts';
import type { RunSettings } from '../run/run-settings.ts';
import '../spec/task-meta.ts';
import { defaultTimeouts, scaled } from '../time/timeouts.ts';
import { specRunConfig } from './spec-run-config.ts';
import { withoutSignalListeners } from '../run/interrupt.ts';

// The points the targets' tests are worth together, read by loading their spec files without running a
// test (vitest's collectTests, with the configuration of a grading run); undefined when a spec file
// cannot be loaded. An exit-2 report scores 0 out of this, so a platform that keeps the latest grade
// records "0 of 22", not nothing.
export async function collectMaxScore({ targets, specFiles, root, settings }: { targets: readonly GradingTarget[]; specFiles: readonly string[]; root: string; settings: RunSettings }): Promise<number | undefined> {
  const { createVitest } = await import('vitest/node');
  const config = specRunConfig({ root, context: { settings, targets }, testTimeoutMs: scaled(defaultTimeouts.testMs) });
  const vitest = await withoutSignalListeners(() => createVitest('test', { ...config.test, reporters: [] }, config.vite));
  try {
    const project = vitest.getRootProject();
    const { testModules, unhandledErrors } = await vitest.collectTests(specFiles.map((file) => project.createSpecification(file)));
    if (unhandledErrors.length > 0 || testModules.some((module) => module.errors().length > 0)) return undefined;
    const tests = testModules.flatMap((module) => [...module.children.allTests()]);
    // A test the spec skips outright (test.skip, skipIf) counts toward no score, as in a graded run.
    return tests.filter((t) => t.options.mode !== 'skip' && t.options.mode !== 'todo').reduce((sum, t) => sum + (t.meta().points ?? 1), 0);
  } finally {
    await vitest.close();
  }
}
