import path from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import '../spec/task-meta.ts';
import type { AssignmentResult, TestResult } from './results.ts';
import { assignmentResult } from './results.ts';
import { failureMessage } from './failure-message.ts';
import { explainTestTimeout, runLimitMessage } from './time-limit-messages.ts';

// A vitest reporter that turns test cases into graded results, in declaration order.
export class ResultCollector implements Reporter {
  assignments: AssignmentResult[] = [];
  // Errors no test owns: a spec file that failed to load, an unhandled rejection.
  setupErrors: string[] = [];

  // Milliseconds since process start when the first test began: the CLI's fixed start-up cost.
  firstTestAtMs: number | undefined;

  private readonly modules = new Map<string, TestModule>();
  private readonly started = new Set<string>();
  // Set when the whole-run limit is reached: tests that had not finished by then score 0.
  private limit: { readonly ms: number; readonly finished: ReadonlySet<string> } | undefined;
  private readonly finished = new Set<string>();

  constructor(private readonly order: readonly string[]) {}

  onTestModuleCollected(module: TestModule): void {
    this.modules.set(module.moduleId, module);
  }

  onTestCaseReady(testCase: TestCase): void {
    this.firstTestAtMs ??= performance.now();
    this.started.add(testCase.id);
  }

  onTestCaseResult(testCase: TestCase): void {
    this.finished.add(testCase.id);
  }

  // Freezes the set of finished tests: every other test is reported as stopped by the run limit.
  reachedRunLimit(ms: number): void {
    this.limit ??= { ms, finished: new Set(this.finished) };
  }

  // Assignment names whose spec file was never loaded (only possible when the run limit cut it short).
  get uncollected(): string[] {
    const collected = new Set([...this.modules.keys()].map(assignmentOf));
    return this.order.filter((name) => !collected.has(name));
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    for (const module of testModules) this.modules.set(module.moduleId, module);
    // After the run limit, errors of modules and tests cut short are consequences of the stop, not setup errors.
    if (!this.limit) {
      for (const module of testModules) for (const error of module.errors()) this.setupErrors.push(`${path.relative(process.cwd(), module.moduleId)}: ${error.message}`);
      for (const error of unhandledErrors) this.setupErrors.push(`unhandled error: ${error.message ?? String(error)}`);
    }
    this.collect();
  }

  // Builds the results from the modules seen so far (also called when the run limit ended the run early).
  collect(): void {
    const byAssignment = new Map<string, TestResult[]>();
    for (const module of this.modules.values()) {
      const assignment = assignmentOf(module.moduleId);
      const tests = byAssignment.get(assignment) ?? [];
      for (const testCase of module.children.allTests()) tests.push(this.toTestResult(assignment, testCase));
      byAssignment.set(assignment, tests);
    }
    this.assignments = this.order.filter((name) => byAssignment.has(name)).map((name) => assignmentResult(name, byAssignment.get(name) ?? []));
  }

  private toTestResult(assignment: string, testCase: TestCase): TestResult {
    if (this.limit && !this.limit.finished.has(testCase.id)) {
      const meta = testCase.meta();
      const points = meta.points ?? 1;
      const why = runLimitMessage(this.limit.ms, this.started.has(testCase.id));
      return { name: testCase.name, status: 'failed', score: 0, maxScore: points, message: failureMessage(assignment, testCase.name, why, meta), summary: why, durationMs: testCase.diagnostic()?.duration ?? 0 };
    }
    return toTestResult(assignment, testCase);
  }
}

// The assignment a spec file belongs to: its folder under specs/.
function assignmentOf(moduleId: string): string {
  return path.basename(path.dirname(moduleId));
}

function toTestResult(assignment: string, testCase: TestCase): TestResult {
  const meta = testCase.meta();
  const points = meta.points ?? 1;
  const result = testCase.result();
  const durationMs = testCase.diagnostic()?.duration ?? 0;
  if (result.state === 'passed') return { name: testCase.name, status: 'passed', score: points, maxScore: points, message: '', summary: '', durationMs };
  if (result.state === 'failed') {
    const errorText = explainTestTimeout(result.errors.map((e) => e.message).join('\n') || 'failed');
    // The stable code of the first SockgradeError (vitest serialises an error's own properties).
    const code = result.errors.map((e) => (e as { code?: unknown }).code).find((c): c is string => typeof c === 'string' && c.startsWith('E_'));
    return { name: testCase.name, status: 'failed', score: 0, maxScore: points, message: failureMessage(assignment, testCase.name, errorText, meta), summary: errorText.split('\n')[0] ?? '', durationMs, ...(code ? { code } : {}) };
  }
  const note = result.state === 'skipped' ? result.note : undefined;
  return { name: testCase.name, status: 'skipped', score: 0, maxScore: points, message: note ?? 'skipped', summary: note ?? 'skipped', durationMs };
}
