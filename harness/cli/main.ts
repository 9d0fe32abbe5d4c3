import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCliArgs, USAGE } from './args.ts';
import { planGrading } from './grading-plan.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import { runBuild } from '../grade/build.ts';
import { runSpecs } from '../grade/run-specs.ts';
import { renderFailures, renderScoreTable } from '../reporters/score-table.ts';
import { writeReports } from './write-reports.ts';
import { packageRoot } from '../paths.ts';
import { withRunFolder } from './run-folder.ts';
import { batchCommand } from './batch.ts';
import { mergeCommand } from './merge.ts';
import { readRunEnvironment } from './run-environment.ts';
import { useRunSettings } from '../run/run-settings.ts';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly color: boolean;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};

// Runs the CLI and returns its exit status: 0 all passed, 1 some failed, 2 usage or setup error.
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  try {
    // The environment is read once, here; a bad value is a usage error like a bad option.
    useRunSettings(readRunEnvironment(process.env));
    // Class grading: `sockgrade batch DIR` and `sockgrade merge SHARDS` (a submission folder literally
    // named "batch" or "merge" is graded as ./batch).
    if (argv[0] === 'batch') return await batchCommand(argv.slice(1), io);
    if (argv[0] === 'merge') return await mergeCommand(argv.slice(1), io);
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    if (args.version) {
      io.out(JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')).version);
      return 0;
    }
    const plan = await planGrading(args);
    if (plan.build) await runBuild(plan.build, plan.submissionDir);
    const limits = { ...(args.timeoutTestMs !== undefined ? { testTimeoutMs: args.timeoutTestMs } : {}), ...(args.timeoutTotalMs !== undefined ? { totalTimeoutMs: args.timeoutTotalMs } : {}) };
    const result = await withRunFolder(() => runSpecs({ assignments: plan.assignments, context: { targets: plan.targets }, ...limits }), io.err);
    io.out(renderScoreTable(result, { color: io.color }));
    const failures = renderFailures(result, { color: io.color });
    if (failures) io.out(`\n${failures}`);
    await writeReports(args, result, plan.submissionDir);
    const failed = result.assignments.some((a) => a.tests.some((t) => t.status === 'failed'));
    return failed ? 1 : 0;
  } catch (err) {
    if (isSockgradeError(err)) {
      io.err(`sockgrade: ${err.shortMessage}`);
      return 2;
    }
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    io.err(`sockgrade: internal error: ${message}${process.env.SOCKGRADE_DEBUG ? `\n${(err as Error).stack}` : ' (set SOCKGRADE_DEBUG=1 for the stack)'}`);
    return 2;
  }
}
