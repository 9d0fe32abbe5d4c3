import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Io } from './io.ts';
import { processIo } from './io.ts';
import { parseCliArgs, reportArgsOf, USAGE } from './args.ts';
import type { CliArgs } from './args.ts';
import { gradeCommand } from './grade.ts';
import { batchCommand } from './batch.ts';
import { mergeCommand } from './merge.ts';
import { checkCommand } from './check.ts';
import { newCommand } from './new.ts';
import { writeSetupFailureReports } from './setup-failure.ts';
import { readRunEnvironment } from './run-environment.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import { packageRoot } from '../paths.ts';
import { useRunSettings } from '../run/run-settings.ts';
import { earlyEndCause, untilExit } from '../run/interrupt.ts';
import { installProcessGuard, internalErrorText } from './process-guard.ts';

export type { Io } from './io.ts';

// Sub-commands by their first word (a submission folder literally named like one is graded as ./NAME).
const COMMANDS: Record<string, (argv: readonly string[], io: Io) => Promise<number>> = { batch: batchCommand, merge: mergeCommand, check: checkCommand, new: newCommand };

// Runs the CLI and returns its exit status: 0 all passed, 1 some failed, 2 usage or setup error. Every
// error is one line on stderr; --verbose (or SOCKGRADE_VERBOSE=1) adds its details and stack. A signal or
// an exception nothing caught is the process guard's: it cleans up, prints one line and exits 130/143/2,
// and this never returns.
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const verbose = argv.includes('--verbose') || Boolean(process.env.SOCKGRADE_VERBOSE);
  // First, before anything can start a process or make a folder; it stays until the process exits (the
  // caller exits with the status this returns), so no moment is left to Node's silent default.
  // The grading options, once parsed: a crash later still writes the exit-2 reports they ask for.
  const parsed: { args?: CliArgs } = {};
  installProcessGuard({ err: io.err, verbose, reportCrash: (error) => writeSetupFailureReports(parsed.args, error, io.err) });
  const status = await run(argv.filter((arg) => arg !== '--verbose'), io, verbose, parsed);
  // Interrupted meanwhile: whatever the steps returned, the guard ends the process.
  return earlyEndCause() ? untilExit() : status;
}

async function run(rest: readonly string[], io: Io, verbose: boolean, parsed: { args?: CliArgs }): Promise<number> {
  let args: CliArgs | undefined;
  try {
    // The environment is read once, here; a bad value is a usage error like a bad option.
    const command = COMMANDS[rest[0] ?? ''];
    if (command) {
      useRunSettings(readRunEnvironment(process.env));
      return await command(rest.slice(1), io);
    }
    // The options first, so the reports they ask for can say what is wrong with the environment too.
    args = parseCliArgs(rest);
    parsed.args = args;
    useRunSettings(readRunEnvironment(process.env));
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    if (args.version) {
      io.out(JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')).version);
      return 0;
    }
    return await gradeCommand(args, io);
  } catch (err) {
    // A step that failed because the run was being stopped (a killed build, a removed folder) is no error.
    if (earlyEndCause()) return untilExit();
    io.err(isSockgradeError(err) ? `sockgrade: ${err.shortMessage}${verbose && err.details ? `\n${err.details}` : ''}` : internalErrorText(err, verbose));
    // Exit 2 still writes every report asked for: score 0, one failed test naming the stage and why;
    // when the options themselves are wrong, to the report files they name all the same.
    // (The sub-commands write reports of their own kinds, never these.)
    await writeSetupFailureReports(args ?? (COMMANDS[rest[0] ?? ''] ? undefined : reportArgsOf(rest)), err, io.err);
    return 2;
  }
}
