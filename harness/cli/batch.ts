import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Io } from './io.ts';
import { BATCH_USAGE, parseBatchArgs } from './batch-args.ts';
import type { BatchArgs } from './batch-args.ts';
import { listSubmissions } from '../batch/submissions.ts';
import { shardOf } from '../batch/shard.ts';
import { runPool } from '../batch/worker-pool.ts';
import { gradeSubmission } from '../batch/grade-submission.ts';
import type { SubmissionGrade } from '../batch/grade-submission.ts';
import { BatchProgress } from '../batch/progress.ts';
import { gradebook, renderGradebookCsv } from '../batch/gradebook.ts';
import type { GradebookRow } from '../batch/gradebook.ts';
import { writeReport } from '../reporters/write-report.ts';
import { runSettings } from '../run/run-settings.ts';
import { killByToken } from '../launch/process-tree.ts';
import { scaled } from '../time/timeouts.ts';

// Room beyond --timeout-total for the build (its own limit is 120 s), start-up and teardown.
const KILL_MARGIN_MS = 180_000;

// The options each submission's CLI gets from the batch's.
function passThrough(args: BatchArgs): string[] {
  return [
    ...args.assignments.flatMap((a) => ['--assignment', a]),
    ...(args.timeoutTestMs !== undefined ? ['--timeout-test', String(args.timeoutTestMs / 1000)] : []),
    ...(args.timeoutTotalMs !== undefined ? ['--timeout-total', String(args.timeoutTotalMs / 1000)] : []),
  ];
}

function toRow(grade: SubmissionGrade): GradebookRow {
  if (!grade.result) return { submission: grade.submission, scores: {} };
  return { submission: grade.submission, scores: Object.fromEntries(grade.result.assignments.map((a) => [a.name, a.score])), total: grade.result.score };
}

// `sockgrade batch`: grades a class, a worker pool of CLI processes, and writes the gradebook.
export async function batchCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseBatchArgs(argv);
  if (args.help) {
    io.out(BATCH_USAGE);
    return 0;
  }
  const dir = path.resolve(args.submissionsDir);
  const names = shardOf(await listSubmissions(dir), args.shard);
  const work = await mkdtemp(path.join(tmpdir(), 'sockgrade-batch-'));
  const running = new Map<string, (signal: NodeJS.Signals) => void>();
  let interrupted: NodeJS.Signals | undefined;
  // Each running CLI gets SIGTERM, on which it stops its servers and removes its folder (as on Ctrl-C,
  // which a terminal also sends it directly: the two cleanups are the same and idempotent).
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted ??= signal;
    for (const kill of running.values()) kill('SIGTERM');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const { runId } = runSettings();
  const started = performance.now();
  const progress = new BatchProgress(names.length, (text) => process.stderr.write(text), Boolean(process.stderr.isTTY));
  let grades: (SubmissionGrade | undefined)[];
  try {
    grades = await runPool(
      names,
      args.workers,
      async (submission, index) => {
        progress.start(submission);
        const grade = await gradeSubmission({
          dir,
          submission,
          jsonFile: path.join(work, `${index}.json`),
          runId: `${runId}.b${index}`,
          passThrough: passThrough(args),
          ...(args.timeoutTotalMs !== undefined ? { killAfterMs: args.timeoutTotalMs + scaled(KILL_MARGIN_MS) } : {}),
          onStart: (kill) => running.set(submission, kill),
        });
        running.delete(submission);
        progress.finish(grade);
        if (args.reports) {
          await writeReport('--reports', path.join(args.reports, `${submission}.txt`), grade.output);
          if (grade.result) await writeReport('--reports', path.join(args.reports, `${submission}.json`), await readFile(path.join(work, `${index}.json`), 'utf8'));
        }
        return grade;
      },
      () => interrupted !== undefined,
    );
  } finally {
    progress.end();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Each CLI cleans up after itself; this catches a server whose CLI was killed outright.
    await killByToken(`${runId}.`, { prefix: true });
    await rm(work, { recursive: true, force: true, maxRetries: 3 });
  }
  if (interrupted) {
    io.err(`sockgrade batch: interrupted by ${interrupted}; no gradebook written`);
    return interrupted === 'SIGINT' ? 130 : 143;
  }
  const done = grades.filter((g): g is SubmissionGrade => g !== undefined);
  const book = gradebook(done.map(toRow));
  await writeReport('--csv', args.csv, renderGradebookCsv(book));
  if (args.json) await writeReport('--json', args.json, `${JSON.stringify({ submissions: done.map(({ submission, exitCode, result, error }) => ({ submission, exitCode, ...(result ? { result } : {}), ...(error ? { error } : {}) })) }, null, 2)}\n`);
  const notGraded = done.filter((g) => !g.result);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.out(`gradebook ${args.csv}: ${done.length} submission${done.length === 1 ? '' : 's'}${args.shard ? ` (shard ${args.shard.index}/${args.shard.count})` : ''}, ${done.length - notGraded.length} graded, ${notGraded.length} not graded, in ${seconds} s with ${args.workers} worker${args.workers === 1 ? '' : 's'}`);
  for (const g of notGraded) io.out(`  not graded: ${g.submission}: ${g.error ?? 'unknown error'}`);
  return 0;
}
