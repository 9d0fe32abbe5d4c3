import path from 'node:path';
import type { CliArgs } from './args.ts';
import { planGrading } from './grading-plan.ts';
import { writeEveryReport } from './write-reports.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import type { SockgradeErrorCode } from '../errors/sockgrade-error.ts';
import { collectMaxScore } from '../grade/collect-points.ts';
import { Catalog } from '../course/catalog.ts';
import { findCourse } from '../course/find-course.ts';
import { packageRoot } from '../paths.ts';
import { runSettings } from '../run/run-settings.ts';
import type { GradeResult } from '../grade/results.ts';
import { testLabel } from '../reporters/test-label.ts';

// The assignment an exit-2 report's one test belongs to.
export const SETUP_ASSIGNMENT = 'setup';

// How much of a failed build's output a report keeps: its end, where compilers put the error.
const LOG_TAIL_LINES = 40;
const LOG_TAIL_CHARS = 4000;

// The stage each setup error comes from: the name of the failed test in an exit-2 report.
const STAGES: Partial<Record<SockgradeErrorCode, string>> = {
  E_USAGE: 'usage',
  E_MANIFEST: 'manifest',
  E_UNKNOWN_ASSIGNMENT: 'assignments',
  E_BUILD: 'build',
  E_SPECS: 'specs',
  E_REFERENCE: 'specs',
  // The run limit reached before the specs were loaded.
  E_TIMEOUT: 'specs',
  E_REPORT: 'reports',
};

// The stage a setup error's code names: the name of the failed test in an exit-2 report.
export function stageOf(code: string): string {
  return STAGES[code as SockgradeErrorCode] ?? 'setup';
}

// Where grading stopped, and why, in the terms of a report.
export interface SetupFailure {
  readonly stage: string;
  // The SockgradeError's code, or E_INTERNAL (harness/grade/error-codes.ts).
  readonly code: SockgradeErrorCode;
  readonly reason: string;
  readonly details: string;
}

// Reads any error that ended the CLI with exit 2; anything but a SockgradeError is sockgrade's own crash.
export function setupFailureOf(err: unknown): SetupFailure {
  if (isSockgradeError(err)) return { stage: stageOf(err.code), code: err.code, reason: err.shortMessage, details: err.details };
  const message = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
  return { stage: 'internal', code: 'E_INTERNAL', reason: `internal error: ${message}`, details: '' };
}

// The last lines of a long output, at most LOG_TAIL_LINES lines and LOG_TAIL_CHARS characters.
function tail(text: string): { lines: string[]; cut: boolean } {
  const all = text.replace(/\r\n?/g, '\n').trimEnd().split('\n');
  const lines: string[] = [];
  let size = 0;
  for (const line of all.slice(-LOG_TAIL_LINES).reverse()) {
    if (size + line.length + 1 > LOG_TAIL_CHARS) break;
    lines.unshift(line);
    size += line.length + 1;
  }
  return { lines, cut: lines.length < all.length };
}

// The result of a run that could not grade: score 0 out of maxScore, one failed test named after the
// stage, carrying the reason and the build output's tail (or the error's details); always visible on
// Gradescope, so a student sees why even when the other tests are hidden until the due date.
export function setupFailureResult(failure: SetupFailure, { maxScore = 0 }: { maxScore?: number } = {}): GradeResult {
  const { lines, cut } = tail(failure.details);
  const heading = failure.code === 'E_BUILD' ? `build output (${cut ? `last ${lines.length} lines` : 'all of it'}):` : 'details:';
  const message = [testLabel(SETUP_ASSIGNMENT, failure.stage), failure.reason, ...(lines.some((l) => l.trim()) ? [heading, ...lines.map((line) => `  ${line}`)] : [])].join('\n');
  const test = { name: failure.stage, status: 'failed' as const, score: 0, maxScore, message, summary: failure.reason, code: failure.code, durationMs: 0, visibility: 'visible' as const };
  return { score: 0, maxScore, assignments: [{ name: SETUP_ASSIGNMENT, score: 0, maxScore, tests: [test] }], gradable: false };
}

// What the submission would have been graded out of, known only once its build is reached (its plan
// was made, as gradeCommand makes it); else 0.
async function maxScoreFor(args: CliArgs, failure: SetupFailure): Promise<number> {
  if (failure.code !== 'E_BUILD') return 0;
  try {
    const course = findCourse({ ...(args.specs !== undefined ? { specs: args.specs } : {}), cwd: process.cwd() });
    const plan = await planGrading(args, Catalog.load(course?.dir));
    return (await collectMaxScore({ targets: plan.targets, specFiles: plan.specFiles, root: course?.dir ?? packageRoot, settings: runSettings() })) ?? 0;
  } catch {
    return 0;
  }
}

// On exit 2, writes every report asked for as a setup failure (score 0, one failed test naming the
// stage and the reason). For a wrong command line, args are only its report options (reportArgsOf);
// without any, nothing is written. A report that cannot be written is told on warn, unless it is the
// error being reported.
export async function writeSetupFailureReports(args: CliArgs | undefined, err: unknown, warn: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!args || args.help || args.version) return;
  const failure = setupFailureOf(err);
  try {
    const result = setupFailureResult(failure, { maxScore: await maxScoreFor(args, failure) });
    const errors = await writeEveryReport(args, result, path.resolve(args.submissionDir ?? '.'), env);
    for (const error of errors) {
      const line = setupFailureOf(error).reason;
      if (line !== failure.reason) warn(`sockgrade: ${line}`);
    }
  } catch (error) {
    warn(`sockgrade: the reports of this failure could not be written: ${setupFailureOf(error).reason}`);
  }
}
