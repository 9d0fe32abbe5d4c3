import type { LimitCode } from '../sandbox/limit-verdict.ts';

// Stable codes: reports, fixtures and the self-test match on these, never on wording.
export type SockgradeErrorCode =
  | 'E_USAGE'
  | 'E_MANIFEST'
  | 'E_UNKNOWN_ASSIGNMENT'
  | 'E_BUILD'
  | 'E_SPECS'
  | 'E_REFERENCE'
  | 'E_FIXTURE'
  | 'E_REPORT'
  | 'E_NOT_LISTENING'
  | 'E_EXITED_EARLY'
  | 'E_CONNECT'
  | 'E_MISMATCH'
  | 'E_TIMEOUT'
  | 'E_EARLY_EOF'
  | 'E_NO_EOF'
  | 'E_RESET'
  | 'E_NOT_SILENT'
  | 'E_BUSY_LOOP'
  | 'E_NOT_CLOSED'
  | 'E_FRAMING'
  | 'E_SOCKET_PATH'
  | 'E_WRONG_SOURCE'
  | 'E_CLIENTS'
  | 'E_NOT_CONCURRENT'
  | 'E_FD_LEAK'
  | 'E_ZOMBIES'
  // The server process ended during a test, while it had to keep serving (a crash).
  | 'E_SERVER_EXITED'
  // http-static: a wrong status code; a response (or request reading) that breaks HTTP framing (status
  // line, blank line, Content-Length, line ends); a wrong header value (Content-Type).
  | 'E_HTTP_STATUS'
  | 'E_HTTP_FRAMING'
  | 'E_HTTP_HEADER'
  // Bytes of a file outside {root} came back, or something outside {root} was written.
  | 'E_LEAK'
  // select-logger: a line that never became its own log entry; a line logged without a ctime() stamp
  // near the wall clock.
  | 'E_LOG_MISSING'
  | 'E_LOG_FORMAT'
  // A server stopped by one of its limits (harness/sandbox/limit-verdict.ts says which fact shows each).
  | LimitCode;

export interface SockgradeErrorContext {
  [key: string]: unknown;
}

// The one error type of the harness: a stable code, a one-line summary and details for the long form.
export class SockgradeError extends Error {
  override readonly name = 'SockgradeError';
  readonly code: SockgradeErrorCode;
  readonly shortMessage: string;
  readonly details: string;
  readonly context: SockgradeErrorContext;

  constructor(code: SockgradeErrorCode, shortMessage: string, options: { details?: string; context?: SockgradeErrorContext; cause?: unknown } = {}) {
    const details = options.details ?? '';
    super(details ? `${shortMessage}\n${details}` : shortMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = details;
    this.context = options.context ?? {};
  }
}

// True when err is a SockgradeError, optionally with the given code.
export function isSockgradeError(err: unknown, code?: SockgradeErrorCode): err is SockgradeError {
  return err instanceof SockgradeError && (code === undefined || err.code === code);
}
