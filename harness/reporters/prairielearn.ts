import type { GradeResult, TestResult } from '../grade/results.ts';
import { countedMaxScore } from '../grade/results.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { fitToBudget } from './fit-budget.ts';
import { reportText } from './report-text.ts';
import { resultSummary } from './result-summary.ts';
import { testLabel } from './test-label.ts';

// PrairieLearn limits results.json to 1 MB; failures are trimmed until the file stays below this.
const MAX_FILE_BYTES = 900 * 1024;

// One test as PrairieLearn's <pl-external-grader-results> element shows it.
export interface PrairieLearnTest {
  readonly name: string;
  readonly points: number;
  readonly max_points: number;
  // One line: the failure's code and summary, or why the test was skipped.
  readonly message: string;
  // A failure's full report (the transcript, the server's output, the hint).
  readonly output: string;
}

// PrairieLearn's external grader results.json. gradable: false (grading could not run) marks the
// submission "invalid, not gradable": no points awarded or lost, no attempt used; format_errors say why.
export interface PrairieLearnResults {
  readonly gradable: boolean;
  // The fraction of the points earned, 0..1.
  readonly score: number;
  readonly message: string;
  readonly output: string;
  readonly format_errors?: readonly string[];
  readonly tests: readonly PrairieLearnTest[];
}

function prairieLearnTest(assignment: string, test: TestResult, outputChars: number): PrairieLearnTest {
  const base = { name: testLabel(assignment, test.name), points: test.score, max_points: countedMaxScore(test) };
  if (test.status === 'skipped') return { ...base, message: `skipped (counts toward no score): ${test.summary}`, output: '' };
  if (test.status === 'passed') return { ...base, message: '', output: '' };
  return { ...base, message: `${test.code ?? 'E_SPEC_ERROR'}: ${reportText(test.summary, 500)}`, output: outputChars > 0 ? reportText(test.message, outputChars) : '' };
}

// The result in PrairieLearn's format, each failure's report cut to outputChars (0: left out).
export function toPrairieLearn(result: GradeResult, { outputChars = 8000 }: { outputChars?: number } = {}): PrairieLearnResults {
  const gradable = result.gradable !== false;
  const tests = result.assignments.flatMap((a) => a.tests.map((test) => prairieLearnTest(a.name, test, outputChars)));
  const summary = resultSummary(result);
  return {
    gradable,
    score: result.maxScore > 0 ? result.score / result.maxScore : 0,
    message: gradable ? `sockgrade: ${result.score}/${result.maxScore} points` : (summary.split('\n')[0] as string),
    output: summary,
    ...(gradable ? {} : { format_errors: [tests[0]?.message ?? 'grading could not run'] }),
    tests,
  };
}

// results.json text, below PrairieLearn's 1 MB limit.
export function renderPrairieLearn(result: GradeResult): string {
  const text = fitToBudget((cap) => `${JSON.stringify(toPrairieLearn(result, { outputChars: cap }), null, 2)}\n`, MAX_FILE_BYTES);
  if (text === undefined) throw new SockgradeError('E_REPORT', `--prairielearn: ${result.assignments.reduce((n, a) => n + a.tests.length, 0)} tests do not fit in PrairieLearn's 1 MB results.json, even without the failure reports`);
  return text;
}
