import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliArgs } from './args.ts';
import type { GradeResult } from '../grade/results.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { writeJsonReport } from '../reporters/json-report.ts';
import { renderTap } from '../reporters/tap.ts';
import { renderJunit } from '../reporters/junit.ts';
import { renderGradescope } from '../reporters/gradescope.ts';
import { renderGithubClassroomOutput } from '../reporters/github-classroom.ts';
import { renderPrairieLearn } from '../reporters/prairielearn.ts';
import { renderMarkdownSummary } from '../reporters/markdown-summary.ts';
import { renderHtml } from '../reporters/html.ts';
import { writeReport } from '../reporters/write-report.ts';

// Appends to a file GitHub Actions names in an environment variable; a failure names the variable.
async function appendToActionsFile(variable: string, file: string, text: string): Promise<void> {
  try {
    await appendFile(file, text);
  } catch (err) {
    throw new SockgradeError('E_REPORT', `${variable}=${file}: cannot append (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

// One function per report asked for, files first, then the ones appended to GitHub Actions' files
// ($GITHUB_OUTPUT for --github-classroom; the Markdown summary when $GITHUB_STEP_SUMMARY is set).
function reportWriters(args: CliArgs, result: GradeResult, submissionDir: string, env: NodeJS.ProcessEnv): (() => Promise<void>)[] {
  const name = path.basename(submissionDir);
  const writers: (() => Promise<void>)[] = [];
  if (args.json) writers.push(() => writeJsonReport(args.json as string, result));
  if (args.tap) writers.push(() => writeReport('--tap', args.tap as string, renderTap(result)));
  if (args.junit) writers.push(async () => writeReport('--junit', args.junit as string, await renderJunit(result, { suite: name })));
  if (args.gradescope) writers.push(() => writeReport('--gradescope', args.gradescope as string, renderGradescope(result, args.gradescopeVisibility ? { visibility: args.gradescopeVisibility } : {})));
  if (args.prairielearn) writers.push(() => writeReport('--prairielearn', args.prairielearn as string, renderPrairieLearn(result)));
  if (args.html) writers.push(() => writeReport('--html', args.html as string, renderHtml(result, { title: name })));
  if (args.githubOutput) writers.push(() => appendToActionsFile('GITHUB_OUTPUT', args.githubOutput as string, renderGithubClassroomOutput(result)));
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  if (summaryFile) writers.push(() => appendToActionsFile('GITHUB_STEP_SUMMARY', summaryFile, renderMarkdownSummary(result, { title: `sockgrade ${name}` })));
  return writers;
}

// Writes every report asked for from the one result of the run, so they cannot disagree; the first
// report that cannot be written stops it with an E_REPORT (the CLI then exits 2 and writes them
// all again as a setup failure).
export async function writeReports(args: CliArgs, result: GradeResult, submissionDir: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  for (const write of reportWriters(args, result, submissionDir, env)) await write();
}

// Writes every report asked for that can be written; returns the errors of those that could not.
export async function writeEveryReport(args: CliArgs, result: GradeResult, submissionDir: string, env: NodeJS.ProcessEnv = process.env): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (const write of reportWriters(args, result, submissionDir, env)) await write().catch((err: unknown) => errors.push(err));
  return errors;
}
