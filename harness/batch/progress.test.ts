import { expect, test } from 'vitest';
import { BatchProgress } from './progress.ts';

test('in a log: one line per graded submission, nothing rewritten', () => {
  const out: string[] = [];
  const progress = new BatchProgress(2, (text) => out.push(text), false);
  progress.start();
  progress.finish('bob', { score: 7, maxScore: 13 });
  progress.finish('alice', { error: 'sockgrade.json not found' });
  progress.end();
  expect(out.join('').replace(/\(\d+\.\d s\)/g, '(t)')).toBe('[1/2] bob  7/13  (t)\n[2/2] alice  not graded: sockgrade.json not found  (t)\n');
});

test('on a terminal: a live count, cleared before each result and at the end', () => {
  const out: string[] = [];
  const progress = new BatchProgress(2, (text) => out.push(text), true);
  progress.start();
  progress.finish('alice', { score: 13, maxScore: 13 });
  progress.end();
  expect(out.map((line) => line.replace(/\(\d+\.\d s\)/g, '(t)'))).toEqual(['\r\x1b[K0/2 graded · 0 s', '\r\x1b[K[1/2] alice  13/13  (t)\n', '\r\x1b[K1/2 graded · 0 s', '\r\x1b[K']);
});
