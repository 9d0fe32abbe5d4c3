import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliArgs } from './args.ts';
import type { GradeResult } from '../grade/results.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { writeJsonReport } from '../reporters/json-report.ts';
import { renderTap } from '../reporters/tap.ts';
import { tapToJunit } from '../reporters/junit.ts';
import { renderGradescope } from '../reporters/gradescope.ts';
import { renderMarkdownSummary } from '../reporters/markdown-summary.ts';
import { writeReport } from '../reporters/write-report.ts';

// Writes every report asked for from the one result of the run, so they cannot disagree: --json,
// --tap, --junit (from that TAP), --gradescope, and the Markdown step summary when
// $GITHUB_STEP_SUMMARY names a file (GitHub Actions sets it for each step).
export async function writeReports(args: CliArgs, result: GradeResult, submissionDir: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (args.json) await writeJsonReport(args.json, result);
  const tap = args.tap || args.junit ? renderTap(result) : '';
  if (args.tap) await writeReport('--tap', args.tap, tap);
  if (args.junit) await writeReport('--junit', args.junit, await tapToJunit(tap, { suite: path.basename(submissionDir) }));
  if (args.gradescope) await writeReport('--gradescope', args.gradescope, renderGradescope(result));
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    try {
      await appendFile(summaryFile, renderMarkdownSummary(result, { title: `sockgrade ${path.basename(submissionDir)}` }));
    } catch (err) {
      throw new SockgradeError('E_REPORT', `GITHUB_STEP_SUMMARY=${summaryFile}: cannot append the summary (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
}
