import path from 'node:path';
import type { Io } from './io.ts';
import { BATCH_USAGE, parseBatchArgs } from './batch-args.ts';
import { withRunFolder } from './run-folder.ts';
import { onEarlyEnd } from '../run/interrupt.ts';
import { listSubmissions } from '../batch/submissions.ts';
import { shardOf } from '../batch/shard.ts';
import { runPool } from '../batch/worker-pool.ts';
import { planClass } from '../batch/class-plan.ts';
import type { SubmissionPlan } from '../batch/class-plan.ts';
import { BatchProgress } from '../batch/progress.ts';
import { gradebook, renderGradebookCsv } from '../batch/gradebook.ts';
import type { GradebookRow } from '../batch/gradebook.ts';
import { Catalog } from '../course/catalog.ts';
import { findCourse } from '../course/find-course.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import type { SockgradeErrorCode } from '../errors/sockgrade-error.ts';
import { runBuild } from '../grade/build.ts';
import { preloadSpecRunner, runGrading } from '../grade/grading-run.ts';
import type { GradeResult } from '../grade/results.ts';
import { toJson } from '../grade/results.ts';
import { renderFailures, renderScoreTable } from '../reporters/score-table.ts';
import { renderHtml } from '../reporters/html.ts';
import { renderClassIndex } from '../reporters/html-class-index.ts';
import { setupFailureResult, stageOf } from './setup-failure.ts';
import { writeReport } from '../reporters/write-report.ts';
import { packageRoot } from '../paths.ts';
import { runSettings, useRunSettings } from '../run/run-settings.ts';
import { withRunLimits } from './run-limits.ts';

// A submission's outcome: its result, or why it was not graded (and that error's code).
interface Graded {
  readonly plan: SubmissionPlan;
  readonly result?: GradeResult;
  readonly error?: string;
  readonly code?: SockgradeErrorCode;
}

function toRow({ plan, result }: Graded): GradebookRow {
  if (!result) return { submission: plan.name, scores: {} };
  return { submission: plan.name, scores: Object.fromEntries(result.assignments.map((a) => [a.name, a.score])), total: result.score };
}

// What the student would have seen: the score table and every failure, or the one-line reason.
function studentReport({ result, error }: Graded): string {
  if (!result) return `sockgrade: ${error ?? 'not graded'}\n`;
  const failures = renderFailures(result);
  return `${renderScoreTable(result)}\n${failures ? `\n${failures}\n` : ''}`;
}

// A submission that was not graded, as the one-test result an exit-2 run of the CLI reports.
function notGradedResult({ error, code }: Graded): GradeResult {
  const failureCode = code ?? 'E_SPECS';
  return setupFailureResult({ stage: stageOf(failureCode), code: failureCode, reason: error ?? 'not graded', details: '' });
}

function exitCodeOf({ result }: Graded): number {
  if (!result) return 2;
  return result.assignments.some((a) => a.tests.some((t) => t.status === 'failed')) ? 1 : 0;
}

// `sockgrade batch`: grades a class in one run — every submission's tests in the same spec run, each
// test with its own server, port, folder and process group — and writes the gradebook.
export async function batchCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseBatchArgs(argv);
  if (args.help) {
    io.out(BATCH_USAGE);
    return 0;
  }
  const dir = path.resolve(args.submissionsDir);
  const course = findCourse({ ...(args.specs !== undefined ? { specs: args.specs } : {}), cwd: process.cwd() });
  const catalog = Catalog.load(course?.dir);
  for (const name of args.assignments) catalog.get(name);
  useRunSettings(withRunLimits(runSettings(), course?.dir, args.limits));
  const names = shardOf(await listSubmissions(dir), args.shard);
  const started = performance.now();
  const progress = new BatchProgress(names.length, (text) => process.stderr.write(text), Boolean(process.stderr.isTTY));
  progress.start();
  // Ended early (Ctrl-C): the live line is cleared before the guard's last line, which says what is missing.
  const removeEarlyEndNote = onEarlyEnd({ now: () => progress.end(), summary: () => 'no gradebook written' });

  preloadSpecRunner();
  const plans = await planClass(dir, names, catalog, args.assignments);
  // Builds run a few at a time; a failed build is that submission's reason not to be graded.
  const built = await runPool(plans, args.workers, async (plan) => {
    if (plan.error || !plan.build) return plan;
    try {
      await runBuild(plan.build, plan.dir);
      return plan;
    } catch (err) {
      if (!isSockgradeError(err)) throw err;
      return { ...plan, targets: [], error: err.shortMessage, errorCode: err.code };
    }
  });
  const ready = built.filter((plan): plan is SubmissionPlan => plan !== undefined);
  for (const plan of ready) if (plan.error) progress.finish(plan.name, { error: plan.error });
  const targets = ready.flatMap((plan) => plan.targets);
  const assignments = [...new Set(targets.map((t) => t.assignment))];

  let results = new Map<string, GradeResult>();
  try {
    results = await withRunFolder(() =>
      runGrading({
        targets,
        specFiles: assignments.flatMap((name) => catalog.get(name).specFiles),
        root: course?.dir ?? packageRoot,
        settings: runSettings(),
        ...(args.timeoutTestMs !== undefined ? { testTimeoutMs: args.timeoutTestMs } : {}),
        ...(args.timeoutTotalMs !== undefined ? { totalTimeoutMs: args.timeoutTotalMs } : {}),
        onTargetDone: (id, result) => progress.finish(id, result),
      }),
    );
  } finally {
    progress.end();
  }

  const graded: Graded[] = ready.map((plan) => {
    if (plan.error) return { plan, error: plan.error, ...(plan.errorCode ? { code: plan.errorCode } : {}) };
    if (plan.targets.length === 0) return { plan, error: `${path.join(plan.dir, 'sockgrade.json')} has none of the assignments asked for (${args.assignments.join(', ')})`, code: 'E_UNKNOWN_ASSIGNMENT' };
    const result = results.get(plan.name);
    return result ? { plan, result } : { plan, error: 'no test ran', code: 'E_SPECS' };
  });
  removeEarlyEndNote();
  await writeReport('--csv', args.csv, renderGradebookCsv(gradebook(graded.map(toRow))));
  if (args.reports) {
    for (const g of graded) {
      await writeReport('--reports', path.join(args.reports, `${g.plan.name}.txt`), studentReport(g));
      if (g.result) await writeReport('--reports', path.join(args.reports, `${g.plan.name}.json`), `${JSON.stringify(toJson(g.result), null, 2)}\n`);
      await writeReport('--reports', path.join(args.reports, `${g.plan.name}.html`), renderHtml(g.result ?? notGradedResult(g), { title: g.plan.name }));
    }
    const rows = graded.map((g) => ({ submission: g.plan.name, page: `${g.plan.name}.html`, ...(g.result ? { result: g.result } : {}), ...(g.error ? { error: g.error } : {}) }));
    await writeReport('--reports', path.join(args.reports, 'index.html'), renderClassIndex(rows, { title: path.basename(dir) }));
  }
  if (args.json) {
    const submissions = graded.map((g) => ({ submission: g.plan.name, exitCode: exitCodeOf(g), ...(g.result ? { result: toJson(g.result) } : {}), ...(g.error ? { error: g.error } : {}) }));
    await writeReport('--json', args.json, `${JSON.stringify({ submissions }, null, 2)}\n`);
  }
  const notGraded = graded.filter((g) => !g.result);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.out(`gradebook ${args.csv}: ${graded.length} submission${graded.length === 1 ? '' : 's'}${args.shard ? ` (shard ${args.shard.index}/${args.shard.count})` : ''}, ${graded.length - notGraded.length} graded, ${notGraded.length} not graded, in ${seconds} s`);
  for (const g of notGraded) io.out(`  not graded: ${g.plan.name}: ${g.error ?? 'unknown error'}`);
  return 0;
}
