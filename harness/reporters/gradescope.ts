import type { GradeResult, TestResult } from '../grade/results.ts';
import { reportText } from './report-text.ts';
import { testLabel } from './test-label.ts';

// Gradescope shows each test's output in the browser; a failure is cut to this many characters.
const OUTPUT_CHARS = 10_000;

// Who may see a test's result on Gradescope (its published autograder format).
export type GradescopeVisibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

// One test in Gradescope's results.json.
export interface GradescopeTest {
  readonly name: string;
  readonly score: number;
  readonly max_score: number;
  readonly status: 'passed' | 'failed';
  readonly output: string;
  readonly visibility: GradescopeVisibility;
}

// Gradescope's results.json: the total, a one-line-per-assignment summary, and every test.
export interface GradescopeResults {
  readonly score: number;
  readonly max_score: number;
  readonly output: string;
  readonly tests: readonly GradescopeTest[];
}

function gradescopeTest(assignment: string, test: TestResult, visibility: GradescopeVisibility): GradescopeTest {
  // A skipped test counts toward neither score, as in every other report.
  const output = test.status === 'failed' ? reportText(test.message, OUTPUT_CHARS) : test.status === 'skipped' ? `skipped: ${test.summary}` : '';
  return { name: testLabel(assignment, test.name), score: test.score, max_score: test.status === 'skipped' ? 0 : test.maxScore, status: test.status === 'failed' ? 'failed' : 'passed', output, visibility };
}

// The result in Gradescope's autograder format (score, max_score, output, tests[]).
export function toGradescope(result: GradeResult, { visibility = 'visible' }: { visibility?: GradescopeVisibility } = {}): GradescopeResults {
  const summary = result.assignments.map((a) => `${a.name}: ${a.score}/${a.maxScore}`);
  return {
    score: result.score,
    max_score: result.maxScore,
    output: [...summary, `total: ${result.score}/${result.maxScore}`].join('\n'),
    tests: result.assignments.flatMap((a) => a.tests.map((test) => gradescopeTest(a.name, test, visibility))),
  };
}

// results.json text.
export function renderGradescope(result: GradeResult): string {
  return `${JSON.stringify(toGradescope(result), null, 2)}\n`;
}
