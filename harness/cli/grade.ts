import type { Io } from './io.ts';
import type { CliArgs } from './args.ts';
import { planGrading } from './grading-plan.ts';
import { writeReports } from './write-reports.ts';
import { withRunFolder } from './run-folder.ts';
import { runBuild } from '../grade/build.ts';
import { runGrading } from '../grade/grading-run.ts';
import { gradeResult } from '../grade/results.ts';
import { renderFailures, renderScoreTable } from '../reporters/score-table.ts';
import { Catalog } from '../course/catalog.ts';
import { findCourse } from '../course/find-course.ts';
import { packageRoot } from '../paths.ts';
import { runSettings } from '../run/run-settings.ts';

// `sockgrade [SUBMISSION_DIR]`: builds the submission, grades its assignments, prints the score table and
// every failure, writes the reports asked for; 0 when every test passed, 1 otherwise.
export async function gradeCommand(args: CliArgs, io: Io): Promise<number> {
  const course = findCourse({ ...(args.specs !== undefined ? { specs: args.specs } : {}), cwd: process.cwd() });
  const catalog = Catalog.load(course?.dir);
  const plan = await planGrading(args, catalog);
  if (plan.build) await runBuild(plan.build, plan.submissionDir);
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
    io.err,
  );
  const result = byTarget.get('submission') ?? gradeResult([]);
  io.out(renderScoreTable(result, { color: io.color }));
  const failures = renderFailures(result, { color: io.color });
  if (failures) io.out(`\n${failures}`);
  await writeReports(args, result, plan.submissionDir);
  const failed = result.assignments.some((a) => a.tests.some((t) => t.status === 'failed'));
  return failed ? 1 : 0;
}
