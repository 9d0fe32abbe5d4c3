import { beginEarlyEnd } from '../run/interrupt.ts';
import type { EarlyEndCleanup } from '../run/interrupt.ts';
import { settleWithin } from '../time/deadline.ts';

// How long the cleanups sweep for processes whose spawn was under way when the process began to end,
// and how often; a sweep ends sooner once QUIET_ROUNDS rounds in a row found nothing.
const SWEEP_MS = 1000;
const SWEEP_EVERY_MS = 50;
const QUIET_ROUNDS = 3;

// The exit status of a process ended by a signal, as a shell reports it: 128 + the signal's number.
const SIGNAL_STATUS: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

// The hint after an internal error's one line, when its stack is not shown.
export const VERBOSE_HINT = '(run with --verbose or SOCKGRADE_VERBOSE=1 for details)';

export interface ProcessGuardOptions {
  // Writes one line to stderr (synchronously: the process exits right after).
  readonly err: (line: string) => void;
  // Print an internal error's stack, not only its first line.
  readonly verbose: boolean;
  readonly exit?: (status: number) => never;
  // After a crash, once the run is cleaned up: writes the exit-2 reports asked for (a CI platform reads
  // a report, not stderr). Given at most REPORT_MS.
  readonly reportCrash?: (error: unknown) => Promise<void>;
}

// How long a crash's reports may take before the process exits anyway.
const REPORT_MS = 5000;

// One line for sockgrade's own failure: its first line, what was cleaned up after it, and a hint; with
// verbose, its stack on the lines below.
export function internalErrorText(err: unknown, verbose: boolean, done: readonly string[] = []): string {
  const message = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
  const line = [`sockgrade: internal error: ${message}`, ...done].join('; ');
  if (!verbose) return `${line} ${VERBOSE_HINT}`;
  return `${line}\n${err instanceof Error && err.stack ? err.stack : String(err)}`;
}

// Installed first thing by the CLI, so no moment of a run is left to Node's defaults (which exit at once,
// silently on a signal and with a stack trace on a crash, leaving servers and folders behind): SIGINT or
// SIGTERM, and an exception nothing caught, stop work, undo what the run owns (harness/run/interrupt.ts),
// print one line and exit 130 / 143 / 2. Returns its removal.
export function installProcessGuard({ err, verbose, exit = (status) => process.exit(status), reportCrash }: ProcessGuardOptions): () => void {
  let ending = false;
  // text: the message, given what the cleanups say they undid.
  const end = (status: number, text: (done: string[]) => string, cause: NodeJS.Signals | 'crash', report?: () => Promise<void>): void => {
    // A second signal (Ctrl-C pressed again) or a crash during the cleanup changes nothing: it is bounded.
    if (ending) return;
    ending = true;
    const cleanups = beginEarlyEnd(cause);
    sweepThen(cleanups, () => {
      const said = cleanups.map((cleanup) => summaryOf(cleanup)).filter((line): line is string => Boolean(line));
      void settleWithin(report?.().catch(() => {}) ?? Promise.resolve(), REPORT_MS).then(() => {
        err(text(said));
        exit(status);
      });
    });
  };
  const onSignal = (signal: NodeJS.Signals): void => end(SIGNAL_STATUS[signal as keyof typeof SIGNAL_STATUS] ?? 1, (done) => [`sockgrade: interrupted by ${signal}`, ...done].join('; '), signal);
  const onCrash = (error: unknown): void => end(2, (done) => internalErrorText(error, verbose, done), 'crash', reportCrash && (() => reportCrash(error)));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  };
}

function summaryOf(cleanup: EarlyEndCleanup): string | undefined {
  try {
    return cleanup.summary?.();
  } catch {
    return undefined;
  }
}

// Sweeps until every cleanup found nothing QUIET_ROUNDS times in a row (or SWEEP_MS passed), then calls
// done; at once when no cleanup sweeps.
function sweepThen(cleanups: readonly EarlyEndCleanup[], done: () => void): void {
  const sweeping = cleanups.filter((cleanup) => cleanup.sweep);
  if (sweeping.length === 0) {
    done();
    return;
  }
  const started = performance.now();
  let quiet = 0;
  const timer = setInterval(() => {
    let found = 0;
    for (const cleanup of sweeping) {
      try {
        found += cleanup.sweep?.() ?? 0;
      } catch {
        // Best effort: the other sweeps must still run.
      }
    }
    quiet = found === 0 ? quiet + 1 : 0;
    if (quiet >= QUIET_ROUNDS || performance.now() - started > SWEEP_MS) {
      clearInterval(timer);
      done();
    }
  }, SWEEP_EVERY_MS);
}
