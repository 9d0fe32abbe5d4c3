import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../paths.ts';
import { scaled } from '../time/timeouts.ts';

// What grading one submission produced: the CLI's exit status, its JSON result (exit 0 or 1), its
// one-line reason otherwise, and everything it printed (the report a student reads).
export interface SubmissionGrade {
  readonly submission: string;
  readonly exitCode: number;
  readonly result?: { score: number; maxScore: number; assignments: { name: string; score: number; maxScore: number; tests: unknown[] }[] };
  readonly error?: string;
  readonly output: string;
  readonly wallMs: number;
}

export interface GradeSubmissionOptions {
  readonly dir: string;
  readonly submission: string;
  // Where this submission's JSON result goes (inside the batch's temp folder).
  readonly jsonFile: string;
  // A run id of its own, below the batch's: its servers carry it, and its cleanup kills only those.
  readonly runId: string;
  readonly passThrough: readonly string[];
  // Hard stop for a CLI that does not finish (its own --timeout-total should end it first).
  readonly killAfterMs?: number;
  readonly onStart?: (kill: (signal: NodeJS.Signals) => void) => void;
}

// Without --timeout-total, a submission whose CLI runs longer than this is stopped (SIGTERM: it cleans up).
const DEFAULT_KILL_AFTER_MS = 10 * 60_000;

// Grades one submission in a CLI process of its own, so its ports, temp folders and server processes
// never mix with another's: the isolation is the operating system's, not a convention.
export async function gradeSubmission(options: GradeSubmissionOptions): Promise<SubmissionGrade> {
  const { execa } = await import('execa');
  const start = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, SOCKGRADE_RUN_ID: options.runId, NO_COLOR: '1' };
  // One summary for the batch, not one per submission appended to the same step summary.
  delete env.GITHUB_STEP_SUMMARY;
  delete env.SOCKGRADE_RUN_DIR;
  const killAfterMs = options.killAfterMs ?? scaled(DEFAULT_KILL_AFTER_MS);
  const child = execa(process.execPath, [path.join(packageRoot, 'bin/sockgrade.js'), path.join(options.dir, options.submission), '--json', options.jsonFile, ...options.passThrough], {
    env,
    extendEnv: false,
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: killAfterMs,
    killSignal: 'SIGTERM',
    forceKillAfterDelay: 5000,
    maxBuffer: 16 * 1024 * 1024,
  });
  options.onStart?.((signal) => child.kill(signal));
  const run = await child;
  const wallMs = performance.now() - start;
  const output = String(run.all ?? '');
  const base = { submission: options.submission, exitCode: run.exitCode ?? -1, output, wallMs };
  if (run.timedOut) return { ...base, error: `grading did not finish within ${killAfterMs} ms and was stopped` };
  if (run.exitCode === 0 || run.exitCode === 1) {
    const result = await readFile(options.jsonFile, 'utf8').then(JSON.parse, () => undefined);
    if (result) return { ...base, result };
    return { ...base, error: `the CLI exited ${run.exitCode} without a JSON result` };
  }
  const reason = String(run.stderr ?? '').trim().split('\n')[0]?.replace(/^sockgrade: /, '') || `the CLI exited with ${run.exitCode ?? run.signal}`;
  return { ...base, error: reason };
}
