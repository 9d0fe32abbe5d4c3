import { expect, test } from 'vitest';
import { BatchProgress } from './progress.ts';

const grade = (submission: string, score?: number) => ({
  submission,
  exitCode: score === undefined ? 2 : 1,
  output: '',
  wallMs: 2500,
  ...(score === undefined ? { error: 'sockgrade.json not found' } : { result: { score, maxScore: 13, assignments: [] } }),
});

test('in a log: one line per graded submission, nothing rewritten', () => {
  const out: string[] = [];
  const progress = new BatchProgress(2, (text) => out.push(text), false);
  progress.start('alice');
  progress.start('bob');
  progress.finish(grade('bob', 7));
  progress.finish(grade('alice'));
  progress.end();
  expect(out.join('')).toBe('[1/2] bob  7/13  (2.5 s)\n[2/2] alice  not graded: sockgrade.json not found  (2.5 s)\n');
});

test('on a terminal: a live line of who is being graded, cleared before each result and at the end', () => {
  const out: string[] = [];
  const progress = new BatchProgress(2, (text) => out.push(text), true);
  progress.start('alice');
  progress.finish(grade('alice', 13));
  progress.end();
  expect(out).toEqual(['\r\x1b[K0/2 graded · 0 s · grading alice', '\r\x1b[K[1/2] alice  13/13  (2.5 s)\n', '\r\x1b[K']);
});
