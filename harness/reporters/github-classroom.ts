import type { GradeResult, TestResult } from '../grade/results.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { fitToBudget, REPORT_CAPS } from './fit-budget.ts';
import { reportText } from './report-text.ts';
import { testLabel } from './test-label.ts';

// The runner's result travels from a step output into the reporter step's environment, and Linux
// limits one environment string to 128 KiB (MAX_ARG_STRLEN): the base64 value stays at half of it.
const MAX_VALUE_BYTES = 64 * 1024;

// One test as GitHub Classroom's autograding runners report it.
export interface ClassroomTest {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'error';
  readonly score: number;
  readonly message: string;
  // Shown under the test by the reporter: how to run this test yourself.
  readonly test_code: string;
  readonly filename: string;
  readonly line_no: number;
  // Seconds, as the Python runner reports pytest's duration.
  readonly duration: number;
}

// The `result` output of a GitHub Classroom autograding runner (version 1), which
// classroom-resources/autograding-grading-reporter decodes, prints and sums into the grade:
// the grade is the tests' scores over max_score; "fail" or "error" fails the reporter's step.
export interface ClassroomResult {
  readonly version: 1;
  readonly status: 'pass' | 'fail' | 'error';
  readonly max_score: number;
  readonly tests: readonly ClassroomTest[];
}

function classroomTest(assignment: string, test: TestResult, ungradable: boolean, messageChars: number): ClassroomTest {
  const base = { name: testLabel(assignment, test.name), test_code: ungradable ? 'npx sockgrade' : `npx sockgrade --assignment ${assignment}`, filename: '', line_no: 0, duration: Number((test.durationMs / 1000).toFixed(3)) };
  // The reporter knows only pass/fail/error: a skip passes with no points and says so.
  if (test.status === 'skipped') return { ...base, status: 'pass', score: 0, message: `skipped (counts toward no score): ${test.summary}` };
  if (test.status === 'passed') return { ...base, status: 'pass', score: test.score, message: '' };
  const code = test.code ?? 'E_SPEC_ERROR';
  const report = messageChars > 0 ? reportText(test.message, messageChars) : reportText(test.summary, 500);
  return { ...base, status: ungradable ? 'error' : 'fail', score: 0, message: messageChars < 0 ? code : `${code}: ${report}` };
}

// The result in the runners' format, each failure's report cut to messageChars (0: its summary line,
// negative: its code alone).
export function toGithubClassroom(result: GradeResult, { messageChars = 4000 }: { messageChars?: number } = {}): ClassroomResult {
  const ungradable = result.gradable === false;
  const tests = result.assignments.flatMap((a) => a.tests.map((test) => classroomTest(a.name, test, ungradable, messageChars)));
  const status = ungradable ? 'error' : tests.some((t) => t.status !== 'pass') ? 'fail' : 'pass';
  return { version: 1, status, max_score: result.maxScore, tests };
}

// The line appended to $GITHUB_OUTPUT: result=<base64 JSON>, failures trimmed until it fits.
export function renderGithubClassroomOutput(result: GradeResult): string {
  const value = fitToBudget((cap) => Buffer.from(JSON.stringify(toGithubClassroom(result, { messageChars: cap }))).toString('base64'), MAX_VALUE_BYTES, [...REPORT_CAPS, -1]);
  if (value === undefined) throw new SockgradeError('E_REPORT', `--github-classroom: ${result.assignments.reduce((n, a) => n + a.tests.length, 0)} tests do not fit in ${MAX_VALUE_BYTES} bytes of step output, even with only each failure's code`);
  return `result=${value}\n`;
}
