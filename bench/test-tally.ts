// How many tests a grader ran and failed, read from what it reports: sockgrade's JSON result (the
// contract in DESIGN.md) or unittest's summary lines.

export interface TestTally {
  // Tests that ran (skipped ones excluded).
  readonly ran: number;
  readonly failed: number;
}

// A grade's `--json` result, as far as the tally reads it.
export interface GradeJson {
  readonly assignments: readonly { readonly tests: readonly { readonly status: string }[] }[];
}

// The tally of one `--json` result.
export function tallyJson(result: GradeJson): TestTally {
  const tests = result.assignments.flatMap((a) => a.tests);
  return { ran: tests.filter((t) => t.status !== 'skipped').length, failed: tests.filter((t) => t.status === 'failed').length };
}

// The sum of several tallies (a class).
export function sumTallies(tallies: readonly TestTally[]): TestTally {
  return { ran: tallies.reduce((n, t) => n + t.ran, 0), failed: tallies.reduce((n, t) => n + t.failed, 0) };
}

// unittest's "Ran 6 tests in 1.014s" then "OK" or "FAILED (failures=5, errors=1)" (on stderr).
export function tallyUnittest(stderr: string): TestTally {
  const ran = /^Ran (\d+) tests? in /m.exec(stderr);
  if (!ran) throw new Error(`no unittest summary in: ${stderr.split('\n').slice(-5).join(' | ')}`);
  const failures = /^FAILED \(.*?failures=(\d+)/m.exec(stderr);
  const errors = /^FAILED \(.*?errors=(\d+)/m.exec(stderr);
  return { ran: Number(ran[1]), failed: Number(failures?.[1] ?? 0) + Number(errors?.[1] ?? 0) };
}
