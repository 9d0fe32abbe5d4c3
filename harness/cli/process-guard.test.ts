import { expect, test } from 'vitest';
import { internalErrorText, VERBOSE_HINT } from './process-guard.ts';

test("an internal error is its message's first line, what was cleaned up, and a hint", () => {
  const err = new TypeError('x is not a function\nmore detail');
  expect(internalErrorText(err, false)).toBe(`sockgrade: internal error: x is not a function ${VERBOSE_HINT}`);
  expect(internalErrorText(err, false, ['stopped 2 server processes and removed /tmp/r'])).toBe(`sockgrade: internal error: x is not a function; stopped 2 server processes and removed /tmp/r ${VERBOSE_HINT}`);
  expect(internalErrorText('a string thrown', false)).toBe(`sockgrade: internal error: a string thrown ${VERBOSE_HINT}`);
});

test('verbose: the same line, then the stack', () => {
  const err = new RangeError('bad');
  const [line, ...stack] = internalErrorText(err, true).split('\n');
  expect(line).toBe('sockgrade: internal error: bad');
  expect(stack[0]).toBe('RangeError: bad');
  expect(stack[1]).toMatch(/^\s+at /);
});
