// The verdict lines for the two time limits, shared by the collector and the reports.

// vitest's own wording for a test past its timeout ("Test timed out in 15000ms." plus advice for test authors).
const VITEST_TIMEOUT = /^Test timed out in (\d+)ms\.?/;

// Rewrites vitest's timeout error into the student's terms; other errors are returned unchanged.
export function explainTestTimeout(errorText: string): string {
  const match = VITEST_TIMEOUT.exec(errorText);
  if (!match) return errorText;
  return `timed out after ${match[1]} ms (the per-test limit, --timeout-test): the test did not finish in time, so it scores 0; the other tests still count`;
}

// The failure of a test that had not finished when the whole run's limit was reached.
export function runLimitMessage(limitMs: number, started: boolean): string {
  return `run time limit reached: the whole run stopped after ${limitMs} ms (--timeout-total) ${started ? 'while this test was running' : 'before this test started'}, so it scores 0`;
}
