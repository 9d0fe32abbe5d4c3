import type { SockgradeErrorCode } from '../errors/sockgrade-error.ts';
import type { ExitStatus } from '../launch/exit-status.ts';
import { describeExit } from '../launch/exit-status.ts';

// The code of a test whose server ended on its own during the test.
export const SERVER_EXITED: SockgradeErrorCode = 'E_SERVER_EXITED';

// Failures that only say something was missing (no connection, a reset, an early close, nothing in
// time, a log line that never came): when the server had died, its death is the cause, whatever the race between its exit and the
// client made the client see (refused or reset, timed out or closed). Other failures stand: wrong bytes
// came first.
const MISSING = new Set<SockgradeErrorCode>(['E_CONNECT', 'E_RESET', 'E_EARLY_EOF', 'E_TIMEOUT', 'E_NO_EOF', 'E_CLIENTS', 'E_LOG_MISSING']);

interface SerializedError {
  code?: unknown;
  message?: unknown;
  [key: string]: unknown;
}

// Rewrites a test's first error in place when it was caused by the server ending on its own, so every
// run gives the same verdict: "the server exited with code 0 after 812ms, during the test: client 2 …".
export function explainByServerExit(errors: SerializedError[] | undefined, status: ExitStatus): void {
  const first = errors?.[0];
  if (!first || status.stoppedWith || typeof first.code !== 'string' || !MISSING.has(first.code as SockgradeErrorCode)) return;
  const message = typeof first.message === 'string' ? first.message : '';
  const how = describeExit(status).replace(/^was /, '');
  errors[0] = { ...first, code: SERVER_EXITED, message: `the server ${how}, during the test, so: ${message}`, shortMessage: `the server ${how}, during the test` };
}
