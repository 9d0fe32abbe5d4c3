import path from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import '../spec/task-meta.ts';
import type { AssignmentResult, TestResult } from './results.ts';
import { assignmentResult } from './results.ts';
import { failureMessage } from './failure-message.ts';

// A vitest reporter that turns test cases into graded results, in declaration order.
export class ResultCollector implements Reporter {
  assignments: AssignmentResult[] = [];
  // Errors no test owns: a spec file that failed to load, an unhandled rejection.
  setupErrors: string[] = [];

  // Milliseconds since process start when the first test began: the CLI's fixed start-up cost.
  firstTestAtMs: number | undefined;

  constructor(private readonly order: readonly string[]) {}

  onTestCaseReady(): void {
    this.firstTestAtMs ??= performance.now();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    const byAssignment = new Map<string, TestResult[]>();
    for (const module of testModules) {
      const assignment = path.basename(path.dirname(module.moduleId));
      for (const error of module.errors()) this.setupErrors.push(`${path.relative(process.cwd(), module.moduleId)}: ${error.message}`);
      const tests = byAssignment.get(assignment) ?? [];
      for (const testCase of module.children.allTests()) tests.push(toTestResult(assignment, testCase));
      byAssignment.set(assignment, tests);
    }
    for (const error of unhandledErrors) this.setupErrors.push(`unhandled error: ${error.message ?? String(error)}`);
    this.assignments = this.order.filter((name) => byAssignment.has(name)).map((name) => assignmentResult(name, byAssignment.get(name) ?? []));
  }
}

function toTestResult(assignment: string, testCase: TestCase): TestResult {
  const meta = testCase.meta();
  const points = meta.points ?? 1;
  const result = testCase.result();
  const durationMs = testCase.diagnostic()?.duration ?? 0;
  if (result.state === 'passed') return { name: testCase.name, status: 'passed', score: points, maxScore: points, message: '', summary: '', durationMs };
  if (result.state === 'failed') {
    const errorText = result.errors.map((e) => e.message).join('\n') || 'failed';
    return { name: testCase.name, status: 'failed', score: 0, maxScore: points, message: failureMessage(assignment, testCase.name, errorText, meta), summary: errorText.split('\n')[0] ?? '', durationMs };
  }
  const note = result.state === 'skipped' ? result.note : undefined;
  return { name: testCase.name, status: 'skipped', score: 0, maxScore: points, message: note ?? 'skipped', summary: note ?? 'skipped', durationMs };
}
