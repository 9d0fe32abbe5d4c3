import { expect, test } from 'vitest';
import { parseCliArgs, reportArgsOf } from './args.ts';

test('report options: --gradescope-visibility takes Gradescope\'s four values, --prairielearn a file', () => {
  expect(parseCliArgs(['dir', '--gradescope', 'r.json', '--gradescope-visibility', 'after_due_date', '--prairielearn', 'pl.json'], {})).toMatchObject({ gradescope: 'r.json', gradescopeVisibility: 'after_due_date', prairielearn: 'pl.json' });
  expect(() => parseCliArgs(['--gradescope', 'r.json', '--gradescope-visibility', 'later'], {})).toThrow(/^--gradescope-visibility must be one of hidden, after_due_date, after_published, visible, got "later" \(string\)$/);
  expect(() => parseCliArgs(['--gradescope-visibility', 'hidden'], {})).toThrow(/^--gradescope-visibility hidden needs --gradescope FILE$/);
  expect(() => parseCliArgs(['--prairielearn', ' '], {})).toThrow(/^--prairielearn needs a value, got an empty string$/);
});

test('--github-classroom appends to the file GitHub Actions names in $GITHUB_OUTPUT; unset is a one-line usage error', () => {
  expect(parseCliArgs(['--github-classroom'], { GITHUB_OUTPUT: '/runner/out' })).toMatchObject({ githubOutput: '/runner/out' });
  expect(parseCliArgs([], { GITHUB_OUTPUT: '/runner/out' })).not.toHaveProperty('githubOutput');
  expect(() => parseCliArgs(['--github-classroom'], {})).toThrow(/^--github-classroom appends its result to the file named by \$GITHUB_OUTPUT, but it is not set; GitHub Actions sets it in every step$/);
  expect(() => parseCliArgs(['--github-classroom'], { GITHUB_OUTPUT: '' })).toThrow(/but got "" \(empty string\)/);
});

test('--limit NAME=VALUE, repeatable, a later one winning; a bad one is a usage error naming it', () => {
  expect(parseCliArgs(['dir', '--limit', 'memoryMiB=1024', '--limit', 'cpuSeconds=20', '--limit', 'memoryMiB=2048'], {})).toMatchObject({ limits: { memoryMiB: 2048, cpuSeconds: 20 } });
  expect(parseCliArgs(['dir'], {})).not.toHaveProperty('limits');
  expect(() => parseCliArgs(['--limit', 'ram=1'], {})).toThrow(/^--limit: unknown limit "ram" \(known: memoryMiB, processes, fileSizeMiB, openFiles, cpuSeconds\)$/);
});

test('the reports of a wrong command line are still found: what each report option names, nothing else', () => {
  const argv = ['sub', '--timeout-test', 'abc', '--frobnicate', '--json', 'out.json', '--junit', '', '--github-classroom'];
  expect(() => parseCliArgs(argv, {})).toThrow(/Unknown option '--frobnicate'/);
  // The empty --junit is itself wrong: left out. --github-classroom without $GITHUB_OUTPUT names no file.
  expect(reportArgsOf(argv, {})).toEqual({ submissionDir: 'sub', assignments: [], json: 'out.json', watch: false, help: false, version: false });
  expect(reportArgsOf(argv, { GITHUB_OUTPUT: '/gh/out' })).toMatchObject({ json: 'out.json', githubOutput: '/gh/out' });
  expect(reportArgsOf(['sub', '--timeout-test', 'abc'], {})).toBeUndefined();
});
