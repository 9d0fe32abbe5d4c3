import type { LimitHit } from '../sandbox/limit-verdict.ts';
import { describeLimitHit } from '../sandbox/limit-verdict.ts';

interface SerializedError {
  code?: unknown;
  message?: unknown;
  [key: string]: unknown;
}

// Rewrites a failed test's first error in place when its server ran into a limit during the test: the
// limit is the verdict ("the server exceeded the memory limit of 256 MiB (…), during the test, so: client
// 1 …"), whatever its consequence looked like to the clients (a reset, an early close, silence, a
// client not served), so every run gives the same one. A test that passed stays passed.
export function explainByLimit(errors: SerializedError[] | undefined, hit: LimitHit): void {
  const first = errors?.[0];
  if (!errors || !first) return;
  const message = typeof first.message === 'string' ? first.message : '';
  const what = `the server ${describeLimitHit(hit)}, during the test`;
  errors[0] = { ...first, code: hit.code, message: `${what}, so: ${message}`, shortMessage: what };
}
