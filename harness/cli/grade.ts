import type { Io } from './io.ts';
import type { CliArgs } from './args.ts';
import { planGrading } from './grading-plan.ts';
import type { GradingPlan } from './grading-plan.ts';
import { watchGrading } from '../grade/watch-grading.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import type { GradeResult } from '../grade/results.ts';
import { writeReports } from './write-reports.ts';
import { withRunFolder } from './run-folder.ts';
import { runBuild } from '../grade/build.ts';
import { preloadSpecRunner, runGrading } from '../grade/grading-run.ts';
import { gradeResult } from '../grade/results.ts';
import { renderFailures, renderScoreTable } from '../reporters/score-table.ts';
import { Catalog } from '../course/catalog.ts';
import { findCourse } from '../course/find-course.ts';
import { packageRoot } from '../paths.ts';
import { runSettings, useRunSettings } from '../run/run-settings.ts';
import { withRunLimits } from './run-limits.ts';

// `sockgrade [SUBMISSION_DIR]`: builds the submission, grades its assignments, prints the score table and
// every failure, writes the reports asked for; 0 when every test passed, 1 otherwise.
export async function gradeCommand(args: CliArgs, io: Io): Promise<number> {
  const course = findCourse({ ...(args.specs !== undefined ? { specs: args.specs } : {}), cwd: process.cwd() });
  const catalog = Catalog.load(course?.dir);
  useRunSettings(withRunLimits(runSettings(), course?.dir, args.limits));
  preloadSpecRunner();
  const plan = await planGrading(args, catalog);
  if (plan.build) await runBuild(plan.build, plan.submissionDir);
  if (args.watch) return watchCommand(args, plan, course?.dir ?? packageRoot, io);
  const startedAt = performance.now();
  const byTarget = await withRunFolder(
    () =>
      runGrading({
        targets: plan.targets,
        specFiles: plan.specFiles,
        root: course?.dir ?? packageRoot,
        settings: runSettings(),
        ...(args.timeoutTestMs !== undefined ? { testTimeoutMs: args.timeoutTestMs } : {}),
        ...(args.timeoutTotalMs !== undefined ? { totalTimeoutMs: args.timeoutTotalMs } : {}),
      }),
  );
  // The grading's wall time goes with the result (Gradescope's execution_time, JUnit's suite time).
  const result = { ...(byTarget.get('submission') ?? gradeResult([])), durationMs: performance.now() - startedAt };
  printResult(result, io);
  await writeReports(args, result, plan.submissionDir);
  const failed = result.assignments.some((a) => a.tests.some((t) => t.status === 'failed'));
  return failed ? 1 : 0;
}

// The score table, then every failure in full.
function printResult(result: GradeResult, io: Io): void {
  io.out(renderScoreTable(result, { color: io.color }));
  const failures = renderFailures(result, { color: io.color });
  if (failures) io.out(`\n${failures}`);
}

// `sockgrade --watch`: grades, then re-grades (rebuilding first) each time a file of the submission
// changes, until Ctrl-C; the reports asked for are rewritten after each run.
async function watchCommand(args: CliArgs, plan: GradingPlan, root: string, io: Io): Promise<number> {
  await withRunFolder(
    () =>
      watchGrading({
        targets: plan.targets,
        specFiles: plan.specFiles,
        root,
        settings: runSettings(),
        watchDir: plan.submissionDir,
        ...(args.timeoutTestMs !== undefined ? { testTimeoutMs: args.timeoutTestMs } : {}),
        ...(plan.build ? { beforeRerun: () => runBuild(plan.build as string, plan.submissionDir).catch((err: unknown) => io.err(`sockgrade: ${isSockgradeError(err) ? err.shortMessage : String(err)}`)) } : {}),
        onResults: (byTarget, setupErrors) => {
          if (setupErrors.length > 0) io.err(`sockgrade: the specs could not run: ${setupErrors[0]}`);
          const result = byTarget.get('submission') ?? gradeResult([]);
          printResult(result, io);
          io.out(`\nwatching ${plan.submissionDir}: save a file to grade again, Ctrl-C to stop`);
          void writeReports(args, result, plan.submissionDir).catch((err: unknown) => io.err(`sockgrade: ${isSockgradeError(err) ? err.shortMessage : String(err)}`));
        },
      }),
  );
  return 0;
}
