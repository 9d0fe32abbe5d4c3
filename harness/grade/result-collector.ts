import path from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import '../spec/task-meta.ts';
import type { GradingTarget } from '../spec/target.ts';
import type { AssignmentResult, GradeResult, TestResult } from './results.ts';
import { assignmentResult, gradeResult } from './results.ts';
import { failureMessage } from './failure-message.ts';
import { explainTestTimeout, runLimitMessage } from './time-limit-messages.ts';
import { errorCode, RUN_LIMIT } from './error-codes.ts';
import { readByteMismatch } from '../bytes/byte-mismatch.ts';

// A vitest reporter that turns test cases into graded results: one GradeResult per target id, its
// assignments in the order of the run's targets, tests in declaration order.
export class ResultCollector implements Reporter {
  // Errors no test owns: a spec file that failed to load, an unhandled rejection.
  setupErrors: string[] = [];

  // Milliseconds since process start when the first test began: the CLI's fixed start-up cost. Taken from
  // the worker's own clock (each test's start time), not from when the news reached us: vitest sends a
  // worker's task updates at most every 100 ms, so "test ready" arrived up to 100 ms after the test began.
  get firstTestAtMs(): number | undefined {
    return this.firstStartEpochMs === undefined ? undefined : this.firstStartEpochMs - performance.timeOrigin;
  }

  private firstStartEpochMs: number | undefined;

  private readonly modules = new Map<string, TestModule>();
  private readonly started = new Set<string>();
  // Set when the whole-run limit is reached: tests that had not finished by then score 0.
  private limit: { readonly ms: number; readonly finished: ReadonlySet<string> } | undefined;
  private readonly finished = new Set<string>();

  // Per target id: its assignments, the tests registered so far (per assignment collected) and finished.
  private readonly progress = new Map<string, { assignments: Set<string>; collected: Set<string>; registered: number; finished: number }>();

  constructor(
    private readonly targets: readonly GradingTarget[],
    // Called once per target id when every test of every assignment it is graded on has finished.
    private readonly onTargetDone?: (id: string, result: GradeResult) => void,
  ) {
    for (const target of targets) {
      const entry = this.progress.get(target.id) ?? { assignments: new Set<string>(), collected: new Set<string>(), registered: 0, finished: 0 };
      entry.assignments.add(target.assignment);
      this.progress.set(target.id, entry);
    }
  }

  onTestModuleCollected(module: TestModule): void {
    this.modules.set(module.moduleId, module);
    const assignment = assignmentOf(module.moduleId);
    for (const testCase of module.children.allTests()) {
      const entry = this.progress.get(testCase.meta().sockgradeTarget ?? '');
      if (!entry) continue;
      entry.registered += 1;
      entry.collected.add(assignment);
    }
  }

  onTestCaseReady(testCase: TestCase): void {
    this.started.add(testCase.id);
  }

  onTestCaseResult(testCase: TestCase): void {
    this.finished.add(testCase.id);
    const startTime = testCase.diagnostic()?.startTime;
    if (startTime !== undefined) this.firstStartEpochMs = Math.min(this.firstStartEpochMs ?? startTime, startTime);
    const id = testCase.meta().sockgradeTarget ?? '';
    const entry = this.progress.get(id);
    if (!entry || !this.onTargetDone) return;
    entry.finished += 1;
    if (entry.finished === entry.registered && entry.collected.size === entry.assignments.size) {
      const result = this.results().get(id);
      if (result) this.onTargetDone(id, result);
    }
  }

  // Freezes the set of finished tests: every other test is reported as stopped by the run limit.
  reachedRunLimit(ms: number): void {
    this.limit ??= { ms, finished: new Set(this.finished) };
  }

  // Assignment names whose spec files were never loaded (only possible when the run limit cut it short).
  get uncollected(): string[] {
    const collected = new Set([...this.modules.keys()].map(assignmentOf));
    return [...new Set(this.targets.map((t) => t.assignment))].filter((name) => !collected.has(name));
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    for (const module of testModules) this.modules.set(module.moduleId, module);
    // After the run limit, errors of modules and tests cut short are consequences of the stop, not setup errors.
    if (!this.limit) {
      for (const module of testModules) for (const error of module.errors()) this.setupErrors.push(`${path.relative(process.cwd(), module.moduleId)}: ${error.message}`);
      for (const error of unhandledErrors) this.setupErrors.push(`unhandled error: ${error.message ?? String(error)}`);
    }
  }

  // The results of every target, keyed by target id (built from the modules seen so far).
  results(): Map<string, GradeResult> {
    const tests = new Map<string, TestResult[]>();
    const key = (id: string, assignment: string): string => `${id}\u0000${assignment}`;
    for (const module of this.modules.values()) {
      const assignment = assignmentOf(module.moduleId);
      for (const testCase of module.children.allTests()) {
        const id = testCase.meta().sockgradeTarget;
        if (id === undefined) continue;
        const list = tests.get(key(id, assignment)) ?? [];
        list.push(this.toTestResult(assignment, testCase));
        tests.set(key(id, assignment), list);
      }
    }
    const results = new Map<string, AssignmentResult[]>();
    for (const target of this.targets) {
      const found = tests.get(key(target.id, target.assignment));
      if (!found) continue;
      const list = results.get(target.id) ?? [];
      list.push(assignmentResult(target.assignment, found));
      results.set(target.id, list);
    }
    return new Map([...results].map(([id, assignments]) => [id, gradeResult(assignments)]));
  }

  private toTestResult(assignment: string, testCase: TestCase): TestResult {
    const meta = testCase.meta();
    const points = meta.points ?? 1;
    const durationMs = testCase.diagnostic()?.duration ?? 0;
    const evidence = { ...(meta.hint ? { hint: meta.hint } : {}), ...(meta.serverSummary ? { server: meta.serverSummary } : {}), ...(meta.events ? { events: meta.events } : {}) };
    // The spec's Gradescope visibility for this test, on every result (a passed test is shown too).
    const visibility = meta.visibility ? { visibility: meta.visibility } : {};
    if (this.limit && !this.limit.finished.has(testCase.id)) {
      const why = runLimitMessage(this.limit.ms, this.started.has(testCase.id));
      return { name: testCase.name, status: 'failed', score: 0, maxScore: points, message: failureMessage(assignment, testCase.name, why, meta), summary: why, durationMs, code: RUN_LIMIT, ...evidence, ...visibility };
    }
    const result = testCase.result();
    if (result.state === 'passed') return { name: testCase.name, status: 'passed', score: points, maxScore: points, message: '', summary: '', durationMs, ...visibility };
    if (result.state === 'failed') {
      const errorText = explainTestTimeout(result.errors.map((e) => e.message).join('\n') || 'failed');
      const first = result.errors[0] as { code?: unknown; name?: unknown; message?: unknown; context?: { mismatch?: unknown } } | undefined;
      const mismatch = readByteMismatch(first?.context?.mismatch);
      return { name: testCase.name, status: 'failed', score: 0, maxScore: points, message: failureMessage(assignment, testCase.name, errorText, meta), summary: errorText.split('\n')[0] ?? '', durationMs, code: errorCode(first), ...evidence, ...(mismatch ? { mismatch } : {}), ...visibility };
    }
    const note = result.state === 'skipped' ? result.note : undefined;
    return { name: testCase.name, status: 'skipped', score: 0, maxScore: points, message: note ?? 'skipped', summary: note ?? 'skipped', durationMs, ...visibility };
  }
}

// The assignment a spec file belongs to: its folder under specs/.
function assignmentOf(moduleId: string): string {
  return path.basename(path.dirname(moduleId));
}
