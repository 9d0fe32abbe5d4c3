import { expect, test } from 'vitest';
import { renderGradescope, toGradescope } from './gradescope.ts';
import { sampleResult } from './sample-result.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { setupFailureOf, setupFailureResult } from '../cli/setup-failure.ts';

const VISIBILITY = ['hidden', 'after_due_date', 'after_published', 'visible'];

test('follows Gradescope\'s results.json format, and its scores add up', () => {
  const results = toGradescope(sampleResult());
  expect(Object.keys(results).sort()).toEqual(['execution_time', 'max_score', 'output', 'score', 'tests']);
  expect(results).toMatchObject({ score: 3.5, max_score: 6.5, execution_time: 1 });
  expect(results.output).toBe('tcp-echo: 2/5\nudp-echo: 1.5/1.5\ntotal: 3.5/6.5');
  for (const t of results.tests) {
    expect(typeof t.name).toBe('string');
    expect(typeof t.output).toBe('string');
    expect(t.number).toMatch(/^\d+\.\d+$/);
    if (t.visibility !== undefined) expect(VISIBILITY).toContain(t.visibility);
  }
  expect(results.tests.reduce((s, t) => s + (t.score ?? 0), 0)).toBe(results.score);
  expect(results.tests.reduce((s, t) => s + (t.max_score ?? 0), 0)).toBe(results.max_score);
});

test('each test is numbered "assignment.test" and names its assignment; a failure carries its report and code', () => {
  const [passed, failed] = toGradescope(sampleResult()).tests;
  expect(passed).toEqual({ name: 'tcp-echo › echoes each message at once', number: '1.1', score: 2, max_score: 2, status: 'passed', output: '' });
  expect(failed).toMatchObject({ name: 'tcp-echo › echoes all 256 byte values unchanged (binary-safe) #2', number: '1.2', score: 0, max_score: 3, status: 'failed', extra_data: { code: 'E_MISMATCH' } });
  expect(failed?.output.split('\n')[0]).toBe('tcp-echo › echoes all 256 byte values unchanged (binary-safe) #2');
  expect(failed?.output).toContain('hint: Treat data as bytes.');
});

test('a skipped test has no score and no status (Gradescope knows only passed and failed) and says why', () => {
  const skipped = toGradescope(sampleResult()).tests[2];
  expect(skipped).toEqual({ name: 'tcp-echo › closes its side promptly', number: '1.3', output: 'skipped (counts toward no score): needs /proc' });
});

test('visibility: the top level only when asked, per test only where the spec set it', () => {
  expect(toGradescope(sampleResult())).not.toHaveProperty('visibility');
  const hidden = toGradescope(sampleResult(), { visibility: 'after_due_date' });
  expect(hidden.visibility).toBe('after_due_date');
  expect(hidden.tests.map((t) => t.visibility)).toEqual([undefined, undefined, undefined, 'after_due_date']);
  expect(JSON.parse(renderGradescope(sampleResult(), { visibility: 'hidden' })).visibility).toBe('hidden');
});

test('an exit-2 run: score 0 out of what it would have been graded on, its one test always visible', () => {
  const failure = setupFailureOf(new SockgradeError('E_BUILD', 'build failed: "make" exited with code 2', { details: 'server.c:3: error' }));
  const results = toGradescope(setupFailureResult(failure, { maxScore: 13 }), { visibility: 'hidden' });
  expect(results).toMatchObject({ score: 0, max_score: 13, visibility: 'hidden' });
  expect(results.output.split('\n')[0]).toBe('sockgrade could not grade this submission: build failed: "make" exited with code 2');
  expect(results.tests).toEqual([{ name: 'setup › build', number: '1.1', score: 0, max_score: 13, status: 'failed', visibility: 'visible', extra_data: { code: 'E_BUILD' }, output: 'setup › build\nbuild failed: "make" exited with code 2\nbuild output (all of it):\n  server.c:3: error' }]);
});
