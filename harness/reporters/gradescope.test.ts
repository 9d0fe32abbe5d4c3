import { expect, test } from 'vitest';
import { toGradescope } from './gradescope.ts';
import { sampleResult } from './sample-result.ts';

const VISIBILITY = ['hidden', 'after_due_date', 'after_published', 'visible'];

test('follows Gradescope\'s results.json format, and its scores add up', () => {
  const results = toGradescope(sampleResult());
  expect(Object.keys(results).sort()).toEqual(['max_score', 'output', 'score', 'tests']);
  expect(results).toMatchObject({ score: 3.5, max_score: 6.5 });
  expect(results.output).toBe('tcp-echo: 2/5\nudp-echo: 1.5/1.5\ntotal: 3.5/6.5');
  for (const t of results.tests) {
    expect(Object.keys(t).sort()).toEqual(['max_score', 'name', 'output', 'score', 'status', 'visibility']);
    expect(typeof t.name).toBe('string');
    expect(typeof t.score).toBe('number');
    expect(typeof t.max_score).toBe('number');
    expect(typeof t.output).toBe('string');
    expect(VISIBILITY).toContain(t.visibility);
  }
  expect(results.tests.reduce((s, t) => s + t.score, 0)).toBe(results.score);
  expect(results.tests.reduce((s, t) => s + t.max_score, 0)).toBe(results.max_score);
});

test('each test names its assignment; a failure\'s output is the student\'s report; a skip is worth nothing', () => {
  const [passed, failed, skipped] = toGradescope(sampleResult()).tests;
  expect(passed).toEqual({ name: 'tcp-echo › echoes each message at once', score: 2, max_score: 2, status: 'passed', output: '', visibility: 'visible' });
  expect(failed).toMatchObject({ name: 'tcp-echo › echoes all 256 byte values unchanged (binary-safe) #2', score: 0, max_score: 3, status: 'failed' });
  expect(failed?.output.split('\n')[0]).toBe('tcp-echo › echoes all 256 byte values unchanged (binary-safe) #2');
  expect(failed?.output).toContain('hint: Treat data as bytes.');
  expect(skipped).toMatchObject({ score: 0, max_score: 0, output: 'skipped: needs /proc' });
});
