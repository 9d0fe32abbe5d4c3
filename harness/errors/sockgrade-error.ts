// Stable codes: reports, fixtures and the self-test match on these, never on wording. This union is the
// one list of them (README.md "Error codes" explains each to students; harness/errors/error-codes-documented.test.ts
// keeps the two in step). A code is used only as a member of this type.
export type SockgradeErrorCode =
  // Setup (exit 2, reported as the one failed test of assignment "setup"): a bad option or environment
  // value, a bad sockgrade.json, an assignment nobody knows, a failed build, specs that could not load,
  // a broken reference or fixture (sockgrade check), a report that could not be written.
  | 'E_USAGE'
  | 'E_MANIFEST'
  | 'E_UNKNOWN_ASSIGNMENT'
  | 'E_BUILD'
  | 'E_SPECS'
  | 'E_REFERENCE'
  | 'E_FIXTURE'
  | 'E_REPORT'
  // sockgrade itself failed (a bug, or a machine it cannot run on) before it could grade.
  | 'E_INTERNAL'
  // Start: the server never listened (or bound) within the start timeout; it exited before it did; the
  // Unix socket path given would not fit in sun_path (TMPDIR too long).
  | 'E_NOT_LISTENING'
  | 'E_EXITED_EARLY'
  | 'E_SOCKET_PATH'
  // The server process ended during a test, while it had to keep serving (a crash).
  | 'E_SERVER_EXITED'
  // Bytes on the wire: a client could not connect (or send a datagram); different bytes came back; none
  // came in time; the server closed (FIN) before all were sent back; it never closed when it had to;
  // it reset (RST) the connection; it sent something when it had to stay silent; a UDP reply came from
  // another address than the one the client talked to; it kept the connection open after the client
  // left (CLOSE_WAIT).
  | 'E_CONNECT'
  | 'E_MISMATCH'
  | 'E_TIMEOUT'
  | 'E_EARLY_EOF'
  | 'E_NO_EOF'
  | 'E_RESET'
  | 'E_NOT_SILENT'
  | 'E_WRONG_SOURCE'
  | 'E_NOT_CLOSED'
  // Framing: a reply whose length prefix or header does not match what follows.
  | 'E_FRAMING'
  // Many clients: some of a crowd were not served; one client held up the others; descriptors or
  // zombie children piled up as clients came and went; CPU burnt while idle.
  | 'E_CLIENTS'
  | 'E_NOT_CONCURRENT'
  | 'E_FD_LEAK'
  | 'E_ZOMBIES'
  | 'E_BUSY_LOOP'
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
  // A server stopped by one of its limits (harness/sandbox/limit-verdict.ts says which fact shows each):
  // memory (the cgroup's OOM killer, or a failed allocation), processes and threads (a refused fork),
  // CPU time (SIGXCPU, or SIGKILL at the hard limit), file size (SIGXFSZ, EFBIG, a file cut at the
  // limit), open descriptors (EMFILE).
  | 'E_LIMIT_MEMORY'
  | 'E_LIMIT_PROCESSES'
  | 'E_LIMIT_CPU'
  | 'E_LIMIT_FILE_SIZE'
  | 'E_LIMIT_OPEN_FILES'
  // Time limits of the grading itself: the test ran past --timeout-test; the run past --timeout-total.
  | 'E_TEST_TIMEOUT'
  | 'E_RUN_LIMIT'
  // Failures that are no verdict on a server's protocol (harness/grade/error-codes.ts): a spec's own
  // expect() failed; anything else a spec threw (a bug in the spec or the harness).
  | 'E_ASSERTION'
  | 'E_SPEC_ERROR';

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
    // vitest maps each failed test's stack through source maps in its main thread, reading and parsing the
    // harness's map again for every frame (no cache): 13 of the 44 s of that thread's CPU in a check of
    // tcp-echo. A verdict is reported by what happened on the wire, never by where the harness noticed it,
    // so it reaches vitest with its frames already parsed: none. `stack` itself stays, for --verbose.
    Object.defineProperty(this, 'stacks', { value: [], writable: true, enumerable: false, configurable: true });
  }
}

// True when err is a SockgradeError, optionally with the given code.
export function isSockgradeError(err: unknown, code?: SockgradeErrorCode): err is SockgradeError {
  return err instanceof SockgradeError && (code === undefined || err.code === code);
}
