import type { TestAPI } from 'vitest';
import type { GradingTarget } from './target.ts';

// The meta key that says which target a test grades; results are grouped by it.
export const TARGET_META = 'sockgradeTarget';

declare module 'vitest' {
  interface TaskMeta {
    // The id of the GradingTarget this test grades.
    sockgradeTarget?: string;
  }
}

type AnyTest = (name: string, ...rest: unknown[]) => unknown;
type Step = (test: any) => any;

// Modifiers a spec may chain before registering a test (test.sequential(...), test.skipIf(cond)(...)).
const MODIFIERS = ['sequential', 'concurrent', 'skip', 'only', 'todo', 'fails'] as const;
const CONDITIONS = ['skipIf', 'runIf'] as const;

// vitest accepts (name, fn), (name, fn, timeout), (name, options, fn) and (name, timeout, fn): one options
// object carrying the target in its meta, whatever the form.
function withTarget(rest: readonly unknown[], target: GradingTarget): [Record<string, unknown>, unknown] {
  const [first, second] = rest;
  if (typeof first === 'function') return [{ ...(typeof second === 'number' ? { timeout: second } : {}), meta: { [TARGET_META]: target.id } }, first];
  if (typeof first === 'number') return [{ timeout: first, meta: { [TARGET_META]: target.id } }, second];
  const options = (first ?? {}) as { meta?: Record<string, unknown> };
  return [{ ...options, meta: { ...(options.meta ?? {}), [TARGET_META]: target.id } }, second];
}

// A `test` function that registers each test once per target (its fixtures bound to that target), so one
// spec file grades many programs in one run: the reference and every fixture for `sockgrade check`, a whole
// class for `sockgrade batch`. All of them land in one group of concurrent tests, so the run's concurrency
// limit holds across targets, and a sequential test still runs alone.
export function multiTargetTest<F>(targets: readonly GradingTarget[], testFor: (target: GradingTarget) => TestAPI<F>): TestAPI<F> {
  const perTarget = new Map(targets.map((target) => [target.id, testFor(target)]));
  const build = (steps: readonly Step[]): unknown => {
    const register = (name: string, ...rest: unknown[]): void => {
      for (const target of targets) {
        const test = steps.reduce<any>((acc, step) => step(acc), perTarget.get(target.id)) as AnyTest;
        const [options, fn] = withTarget(rest, target);
        if (fn === undefined) test(name, options);
        else test(name, options, fn);
      }
    };
    for (const modifier of MODIFIERS) Object.defineProperty(register, modifier, { get: () => build([...steps, (t) => t[modifier]]) });
    for (const condition of CONDITIONS) Object.defineProperty(register, condition, { value: (cond: unknown) => build([...steps, (t) => t[condition](cond)]) });
    Object.defineProperty(register, 'extend', { value: (fixtures: object) => multiTargetTest(targets, (target) => (perTarget.get(target.id) as any).extend(fixtures)) });
    return register;
  };
  return build([]) as TestAPI<F>;
}
