// How a server's process ended, and whether sockgrade ended it.
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: string | null;
  // Milliseconds from spawn to exit.
  readonly afterMs: number;
  // The signal sockgrade sent to stop it, if it was still running when stopped.
  readonly stoppedWith?: 'SIGTERM' | 'SIGKILL';
}

// "exited with code 1", "killed by SIGSEGV", "stopped by sockgrade (SIGTERM)".
export function describeExit(status: ExitStatus | undefined): string {
  if (!status) return 'still running';
  if (status.stoppedWith === 'SIGKILL') return `ignored SIGTERM, killed with SIGKILL by sockgrade after the test`;
  if (status.stoppedWith === 'SIGTERM') return 'was running until sockgrade stopped it (SIGTERM)';
  if (status.signal) return `was killed by ${status.signal} after ${Math.round(status.afterMs)}ms`;
  return `exited with code ${status.code} after ${Math.round(status.afterMs)}ms`;
}
