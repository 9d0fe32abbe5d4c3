import type { GradeResult, TestResult } from '../grade/results.ts';
import type { CheckItem } from './check-plan.ts';
import { showActual, showVerdict, verdictHolds } from './fixture-case.ts';

// What `sockgrade check` found for one program.
export interface CheckRow {
  readonly item: CheckItem;
  readonly state: 'held' | 'failed' | 'skipped';
  // One line for the table: "13/13 passed", "9 verdicts held", "skipped: needs socat".
  readonly summary: string;
  // What did not hold, each with its details (the test's failure report, indented).
  readonly problems: readonly string[];
}

function indent(text: string): string {
  return text.split('\n').map((line) => `    ${line}`).join('\n');
}

function testsOf(result: GradeResult | undefined, assignment: string): readonly TestResult[] {
  return result?.assignments.find((a) => a.name === assignment)?.tests ?? [];
}

// Judges one graded program: a reference must pass every test (a skip is a platform's lack, not a fail);
// a fixture must get exactly its declared verdict on every test, and declare one for every test.
export function judgeCheckItem(item: CheckItem, result: GradeResult | undefined, { ci = false, setupError }: { ci?: boolean; setupError?: string } = {}): CheckRow {
  if (item.missing) {
    const why = `needs ${item.missing.map((need) => (need === 'cgroups' ? 'cgroups (servers limited by cgroups: Linux, as root)' : `${need}, not on PATH`)).join('; ')}`;
    return ci ? { item, state: 'failed', summary: `${why} (required in CI)`, problems: [`${item.label} ${why}: CI must install it (.ci/run)`] } : { item, state: 'skipped', summary: `skipped: ${why}`, problems: [] };
  }
  if (setupError) return { item, state: 'failed', summary: setupError.split('\n')[0] ?? setupError, problems: [`${item.label}: ${setupError}`] };
  if (item.kind === 'reference') {
    const tests = testsOf(result, item.assignment);
    const failed = tests.filter((t) => t.status === 'failed');
    const passed = tests.filter((t) => t.status === 'passed').length;
    const counted = tests.filter((t) => t.status !== 'skipped').length;
    if (tests.length === 0) return { item, state: 'failed', summary: 'no tests ran', problems: [`${item.label}: the specs registered no tests`] };
    const problems = failed.map((t) => `${item.label} › ${t.name}: the reference must pass, got ${showActual(t)}\n${indent(t.message)}`);
    return { item, state: problems.length === 0 ? 'held' : 'failed', summary: `${passed}/${counted} passed${counted < tests.length ? `, ${tests.length - counted} skipped` : ''}`, problems };
  }
  const problems: string[] = [];
  let declared = 0;
  for (const [assignment, verdicts] of item.fixture?.verdicts ?? []) {
    const tests = testsOf(result, assignment);
    const byName = new Map(tests.map((t) => [t.name, t]));
    for (const [name, expected] of verdicts) {
      declared += 1;
      const actual = byName.get(name);
      if (!actual) problems.push(`${item.label} › ${assignment} › ${name}: declared in expected.json, but the spec has no such test`);
      else if (!verdictHolds(expected, actual)) {
        problems.push(`${item.label} › ${assignment} › ${name}: expected ${showVerdict(expected)}, got ${showActual(actual)}${actual.status === 'failed' ? `\n${indent(actual.message)}` : ''}`);
      }
    }
    for (const test of tests) if (!verdicts.has(test.name)) problems.push(`${item.label} › ${assignment} › ${test.name}: no verdict declared in expected.json (got ${showActual(test)})`);
  }
  return { item, state: problems.length === 0 ? 'held' : 'failed', summary: problems.length === 0 ? `${declared} verdicts held` : `${problems.length} of ${declared} verdicts did not hold`, problems };
}
