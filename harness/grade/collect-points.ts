import type { GradingContext } from '../spec/target.ts';
import '../spec/task-meta.ts';
import { createSpecsVitest } from './run-specs.ts';

// The points the assignments' tests are worth together, read by loading the spec files without running
// a test (vitest's collect); undefined when a spec file cannot be loaded. An exit-2 report scores 0 out
// of this, so a platform that keeps the latest grade records "0 of 22", not nothing.
export async function collectMaxScore(assignments: readonly string[], context: GradingContext): Promise<number | undefined> {
  const vitest = await createSpecsVitest({ assignments, context }, []);
  try {
    const { testModules, unhandledErrors } = await vitest.collect();
    if (unhandledErrors.length > 0 || testModules.some((module) => module.errors().length > 0)) return undefined;
    const tests = testModules.flatMap((module) => [...module.children.allTests()]);
    // A test the spec skips outright (test.skip, skipIf) counts toward no score, as in a graded run.
    return tests.filter((t) => t.options.mode !== 'skip' && t.options.mode !== 'todo').reduce((sum, t) => sum + (t.meta().points ?? 1), 0);
  } finally {
    await vitest.close();
  }
}
