// A class graded in one `sockgrade batch` run: N sample submissions × the 5 core assignments, measured
// like a single grade (wall, tree CPU, peak memory), with the verdicts checked (every test must pass).
import path from 'node:path';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { runSockgrade } from './sockgrade-cli.ts';
import type { SockgradeRun } from './sockgrade-cli.ts';
import { writeClass } from './class-folder.ts';
import { sumTallies, tallyJson } from './test-tally.ts';
import type { GradeJson, TestTally } from './test-tally.ts';

// The class size the goal is stated for.
export const GOAL_CLASS_SIZE = 100;

export interface ClassRun {
  readonly submissions: number;
  readonly workers: number;
  readonly run: SockgradeRun;
  readonly tally: TestTally;
  readonly submissionsPerMinute: number;
  readonly secondsPerSubmission: number;
  // The run's start-up (launch to first test) once, plus the rest scaled linearly to GOAL_CLASS_SIZE.
  readonly projectedGoalMs: number;
}

interface BatchJson {
  readonly submissions: readonly { readonly submission: string; readonly exitCode: number; readonly result?: GradeJson }[];
}

// Grades `count` copies of the sample submission (servers run by python) with `batch --workers workers`.
export async function measureClass(count: number, workers: number, python: string): Promise<ClassRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-bench-class-'));
  try {
    const submissions = path.join(dir, 'submissions');
    await writeClass(submissions, count, python);
    const json = path.join(dir, 'class.json');
    const run = await runSockgrade(['batch', submissions, '--workers', String(workers), '--csv', path.join(dir, 'grades.csv'), '--json', json]);
    if (run.usage.exitCode !== 0) throw new Error(`sockgrade batch exited ${run.usage.exitCode}: ${run.usage.stderr.split('\n').slice(-3).join(' ')}`);
    const graded = JSON.parse(await readFile(json, 'utf8')) as BatchJson;
    const wrong = graded.submissions.filter((s) => s.exitCode !== 0 || !s.result);
    if (graded.submissions.length !== count || wrong.length > 0) {
      throw new Error(`the sample submission must pass every test: ${wrong.map((s) => `${s.submission} exit ${s.exitCode}`).join(', ') || `${graded.submissions.length} of ${count} graded`}`);
    }
    const tally = sumTallies(graded.submissions.map((s) => tallyJson(s.result as GradeJson)));
    const wallMs = run.usage.wallMs;
    const startupMs = Number.isFinite(run.firstTestMs) ? run.firstTestMs : 0;
    return {
      submissions: count,
      workers,
      run,
      tally,
      submissionsPerMinute: count / (wallMs / 60_000),
      secondsPerSubmission: wallMs / 1000 / count,
      projectedGoalMs: startupMs + ((wallMs - startupMs) * GOAL_CLASS_SIZE) / count,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
