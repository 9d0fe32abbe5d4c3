import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';

// One grading run (a CLI call, or one vitest process) owns everything it starts: its servers carry
// tokens that begin with the run id, and its temp folders live under the run folder when the CLI made
// one. Both pass to worker threads through the environment, so an interrupted run is cleaned up whole.
process.env.SOCKGRADE_RUN_ID ||= randomBytes(6).toString('hex');

export const runId: string = process.env.SOCKGRADE_RUN_ID;

// Where this run's temp folders go: the CLI's run folder, else the system temp folder.
export function tempRoot(): string {
  return process.env.SOCKGRADE_RUN_DIR || tmpdir();
}
