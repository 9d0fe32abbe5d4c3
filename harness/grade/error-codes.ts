import type { SockgradeErrorCode } from '../errors/sockgrade-error.ts';

// The code of a failed test when its error is not a SockgradeError (which carries its own):
//   E_TEST_TIMEOUT  the test ran past the per-test limit (--timeout-test)
//   E_RUN_LIMIT     the whole run's limit (--timeout-total) stopped it
//   E_ASSERTION     a spec's own expect(...) failed
//   E_SPEC_ERROR    anything else thrown: a bug in the spec or the harness, not a verdict on the server
// and, in the one test of an exit-2 report (harness/cli/setup-failure.ts), a setup error's own code or
//   E_INTERNAL      sockgrade itself crashed before it could grade
export const TEST_TIMEOUT: SockgradeErrorCode = 'E_TEST_TIMEOUT';
export const RUN_LIMIT: SockgradeErrorCode = 'E_RUN_LIMIT';

// The stable code of a test's (serialized) error. A code the error carries is taken as is: a spec
// written in JavaScript could throw one outside the union, and reports must still show it.
export function errorCode(error: { code?: unknown; name?: unknown; message?: unknown } | undefined): SockgradeErrorCode {
  if (!error) return 'E_SPEC_ERROR';
  if (typeof error.code === 'string' && /^E_[A-Z_]+$/.test(error.code)) return error.code as SockgradeErrorCode;
  if (typeof error.message === 'string' && /^Test timed out in \d+ms/.test(error.message)) return TEST_TIMEOUT;
  if (error.name === 'AssertionError') return 'E_ASSERTION';
  return 'E_SPEC_ERROR';
}
