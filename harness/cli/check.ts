import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Io } from './io.ts';
import { parseStrictOptions } from './strict-options.ts';
import { secondsOption } from './args.ts';
import { withRunFolder } from './run-folder.ts';
import { SockgradeError, isSockgradeError } from '../errors/sockgrade-error.ts';
import { Catalog } from '../course/catalog.ts';
import { courseAt, findCourse } from '../course/find-course.ts';
import type { FoundCourse } from '../course/find-course.ts';
import { planCheck } from '../course/check-plan.ts';
import type { CheckItem } from '../course/check-plan.ts';
import { judgeCheckItem } from '../course/check-outcome.ts';
import type { CheckRow } from '../course/check-outcome.ts';
import { runBuild } from '../grade/build.ts';
import { preloadSpecRunner, runGrading } from '../grade/grading-run.ts';
import type { GradeResult } from '../grade/results.ts';
import { toJson } from '../grade/results.ts';
import { renderCheckTable } from '../reporters/check-table.ts';
import { writeReport } from '../reporters/write-report.ts';
import { findProcessesByToken } from '../launch/process-tree.ts';
import { runSettings, tempRoot, useRunSettings } from '../run/run-settings.ts';
import { withRunLimits } from './run-limits.ts';
import { parseLimitOptions } from '../sandbox/server-limits.ts';
import { runCgroups } from '../sandbox/server-cgroup.ts';

export const CHECK_USAGE = `Usage: sockgrade check [COURSE_DIR] [--assignment NAME]... [--timeout-test SECONDS] [--json FILE]
                       [--limit NAME=VALUE]...

Proves a course's specs: each assignment's spec must pass on its reference (reference/<name>/, a
submission folder in any language), and every fixture (fixtures/<name>/<case>/, a submission folder
with an expected.json) must get exactly the verdicts it declares. Prints what held and, for what did not,
the full report. A fixture whose expected.json "requires" a program not on PATH (or "cgroups" where
servers cannot get cgroups) is skipped, except in CI (CI=true), where it fails. A fixture's
expected.json may set "limits" of its own for its servers (over everything else).
  COURSE_DIR            the course (default: --specs / package.json "sockgrade.specs", else this folder)
  -a, --assignment NAME check only this assignment (repeatable)
  --timeout-test SECONDS   limit for one test (default 30)
  --json FILE           write every program's result and what held
  --limit NAME=VALUE    servers' limits over the course's and the specs' (see sockgrade --help)
Exit status: 0 everything held, 1 something did not, 2 the check could not run.`;

function resolveCourse(dir: string | undefined, cwd: string): FoundCourse {
  if (dir !== undefined) return courseAt(path.resolve(cwd, dir), `sockgrade check ${dir}`);
  const found = findCourse({ cwd });
  if (found) return found;
  if (existsSync(path.join(cwd, 'specs'))) return courseAt(cwd, 'the current folder');
  throw new SockgradeError('E_USAGE', `no course here: give COURSE_DIR, run in a folder with specs/, or set "sockgrade": {"specs": …} in package.json (see sockgrade check --help)`);
}

// Runs each item's build (fixtures in C, say); a failed build fails that item only.
async function buildAll(items: readonly CheckItem[]): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  for (const item of items) {
    if (!item.build || item.missing) continue;
    try {
      await runBuild(item.build.command, item.build.dir);
    } catch (err) {
      if (!isSockgradeError(err)) throw err;
      failed.set(item.label, err.shortMessage);
    }
  }
  return failed;
}

// `sockgrade check [COURSE_DIR]`: every reference and fixture of the course graded in one run, judged.
export async function checkCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseStrictOptions(argv, { assignment: { type: 'string', short: 'a', multiple: true }, 'timeout-test': { type: 'string' }, json: { type: 'string' }, limit: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } }, 'sockgrade check');
  if (values.help) {
    io.out(CHECK_USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new SockgradeError('E_USAGE', `sockgrade check takes at most one COURSE_DIR, got ${positionals.length}: ${positionals.join(' ')}`);
  const testTimeoutMs = secondsOption('--timeout-test', values['timeout-test']);
  const cliLimits = parseLimitOptions(values.limit);
  const course = resolveCourse(positionals[0], process.cwd());
  const catalog = Catalog.load(course.dir);
  useRunSettings(withRunLimits(runSettings(), course.dir, cliLimits));
  const wanted = values.assignment ?? [];
  for (const name of wanted) {
    if (!catalog.own.some((a) => a.name === name)) throw new SockgradeError('E_USAGE', `--assignment ${name}: not an assignment of ${course.dir} (it has: ${catalog.own.map((a) => a.name).join(', ')})`);
  }
  const assignments = catalog.own.filter((a) => wanted.length === 0 || wanted.includes(a.name));
  if (assignments.length === 0) throw new SockgradeError('E_USAGE', `${course.dir} has no assignments: add specs/<name>/<name>.spec.ts (sockgrade new NAME scaffolds one)`);

  preloadSpecRunner();
  const items = await planCheck(assignments, catalog);
  const buildFailures = await buildAll(items);
  const graded = items.filter((item) => !item.missing && !buildFailures.has(item.label));
  const settings = runSettings();
  const { results, leftovers } = await withRunFolder(async () => {
    const results: Map<string, GradeResult> = await runGrading({
      targets: graded.flatMap((item) => item.targets),
      specFiles: assignments.flatMap((a) => a.specFiles),
      root: course.dir,
      settings: runSettings(),
      ...(testTimeoutMs !== undefined ? { testTimeoutMs } : {}),
    });
    // Each server cleans up after itself: anything still here is a harness bug, not hidden by the run's sweep.
    const processes = await findProcessesByToken(`${settings.runId}.`, { prefix: true });
    const files = await readdir(tempRoot()).catch(() => []);
    const cgroups = runCgroups(`${settings.runId}.`);
    return { results, leftovers: { processes, files, cgroups } };
  });

  const rows: CheckRow[] = items.map((item) => {
    const setupError = buildFailures.get(item.label);
    return judgeCheckItem(item, results.get(item.targets[0]?.id ?? ''), { ci: Boolean(settings.ci), ...(setupError ? { setupError } : {}) });
  });
  const leftBehind = [...leftovers.processes.map((pid) => `process ${pid}`), ...leftovers.files.map((file) => `temp file ${file}`), ...leftovers.cgroups.map((dir) => `cgroup ${dir}`)];
  if (leftBehind.length > 0) {
    rows.push({ item: { assignment: '', kind: 'reference', label: 'nothing left behind', targets: [] }, state: 'failed', summary: `${leftBehind.length} left`, problems: [`servers left behind after their tests: ${leftBehind.join(', ')}`] });
  }
  io.out(renderCheckTable(rows, { color: io.color }));
  if (values.json) {
    const json = rows.map((row) => ({ label: row.item.label, assignment: row.item.assignment, kind: row.item.kind, state: row.state, summary: row.summary, problems: row.problems, ...(results.has(row.item.targets[0]?.id ?? '') ? { result: toJson(results.get(row.item.targets[0]?.id ?? '') as GradeResult) } : {}) }));
    await writeReport('--json', values.json, `${JSON.stringify({ course: course.dir, rows: json }, null, 2)}\n`);
  }
  return rows.some((row) => row.state === 'failed') ? 1 : 0;
}
