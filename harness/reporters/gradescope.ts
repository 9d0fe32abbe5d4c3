import type { GradeResult, TestResult } from '../grade/results.ts';
import type { TestVisibility } from '../spec/task-meta.ts';
import { reportText } from './report-text.ts';
import { resultSummary } from './result-summary.ts';
import { testLabel } from './test-label.ts';

// Gradescope shows each test's output in the browser; a failure is cut to this many characters.
const OUTPUT_CHARS = 10_000;

// Who may see a test's result on Gradescope (its published autograder format).
export type GradescopeVisibility = TestVisibility;

// The values --gradescope-visibility accepts, in Gradescope's words.
export const GRADESCOPE_VISIBILITIES: readonly GradescopeVisibility[] = ['hidden', 'after_due_date', 'after_published', 'visible'];

// One test in Gradescope's results.json. A skipped test has neither score nor status: Gradescope's
// status is only "passed" or "failed", and without a status it would show 0/0 as passed; with no
// score and no status it shows the test's output and counts it nowhere, as every other report does.
export interface GradescopeTest {
  readonly name: string;
  // "assignment.test", both counted from 1: Gradescope orders and numbers tests by it.
  readonly number: string;
  readonly score?: number;
  readonly max_score?: number;
  readonly status?: 'passed' | 'failed';
  readonly output: string;
  readonly visibility?: GradescopeVisibility;
  // A failure's stable code, stored with the result (Gradescope keeps extra_data, students do not see it).
  readonly extra_data?: { readonly code: string };
}

// Gradescope's results.json: the total, a one-line-per-assignment summary, and every test.
export interface GradescopeResults {
  readonly score: number;
  readonly max_score: number;
  readonly output: string;
  readonly execution_time?: number;
  readonly visibility?: GradescopeVisibility;
  readonly tests: readonly GradescopeTest[];
}

function gradescopeTest(assignment: string, test: TestResult, number: string): GradescopeTest {
  const name = testLabel(assignment, test.name);
  const visibility = test.visibility ? { visibility: test.visibility } : {};
  if (test.status === 'skipped') return { name, number, output: `skipped (counts toward no score): ${test.summary}`, ...visibility };
  if (test.status === 'passed') return { name, number, score: test.score, max_score: test.maxScore, status: 'passed', output: '', ...visibility };
  return { name, number, score: test.score, max_score: test.maxScore, status: 'failed', output: reportText(test.message, OUTPUT_CHARS), ...visibility, extra_data: { code: test.code ?? 'E_SPEC_ERROR' } };
}

// The result in Gradescope's autograder format; visibility is the top-level default that a test's own
// meta.visibility overrides (left out: Gradescope's default, visible).
export function toGradescope(result: GradeResult, { visibility }: { visibility?: GradescopeVisibility } = {}): GradescopeResults {
  return {
    score: result.score,
    max_score: result.maxScore,
    output: resultSummary(result),
    ...(result.durationMs !== undefined ? { execution_time: Math.round(result.durationMs / 1000) } : {}),
    ...(visibility ? { visibility } : {}),
    tests: result.assignments.flatMap((a, i) => a.tests.map((test, j) => gradescopeTest(a.name, test, `${i + 1}.${j + 1}`))),
  };
}

// results.json text.
export function renderGradescope(result: GradeResult, options: { visibility?: GradescopeVisibility } = {}): string {
  return `${JSON.stringify(toGradescope(result, options), null, 2)}\n`;
}
