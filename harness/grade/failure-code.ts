import type { SockgradeErrorCode } from '../errors/sockgrade-error.ts';
import { isTestTimeout } from './time-limit-messages.ts';

// A failed test's first error as vitest hands it to reporters: the thrown error's own properties,
// serialized across the worker boundary (a SockgradeError keeps its name and code).
export interface SerializedError {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
}

// The stable code of a failed test: the SockgradeError's own code; else E_TEST_TIMEOUT for vitest's
// per-test timeout, E_ASSERTION for an expect() that failed, E_ERROR for anything else thrown.
export function failureCode(error: SerializedError | undefined): SockgradeErrorCode {
  if (error?.name === 'SockgradeError' && typeof error.code === 'string' && /^E_[A-Z_]+$/.test(error.code)) return error.code as SockgradeErrorCode;
  if (typeof error?.message === 'string' && isTestTimeout(error.message)) return 'E_TEST_TIMEOUT';
  if (error?.name === 'AssertionError') return 'E_ASSERTION';
  return 'E_ERROR';
}
