import { expect, test } from 'vitest';
import { failureCode } from './failure-code.ts';

test('a SockgradeError keeps its own code', () => {
  expect(failureCode({ name: 'SockgradeError', code: 'E_MISMATCH', message: 'short\nlong' })).toBe('E_MISMATCH');
});

test('vitest\'s per-test timeout, an assertion, and anything else get codes of their own', () => {
  expect(failureCode({ name: 'Error', message: 'Test timed out in 30000ms.\nIf this is a long-running test, pass a timeout value' })).toBe('E_TEST_TIMEOUT');
  expect(failureCode({ name: 'AssertionError', message: 'expected 1 to be 2' })).toBe('E_ASSERTION');
  expect(failureCode({ name: 'TypeError', message: 'boom' })).toBe('E_ERROR');
  expect(failureCode(undefined)).toBe('E_ERROR');
});

test('a Node error\'s code (ECONNREFUSED) is not one of ours', () => {
  expect(failureCode({ name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })).toBe('E_ERROR');
  expect(failureCode({ name: 'SockgradeError', code: 42, message: 'x' })).toBe('E_ERROR');
});
