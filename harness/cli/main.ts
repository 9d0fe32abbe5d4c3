import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Io } from './io.ts';
import { processIo } from './io.ts';
import { parseCliArgs, USAGE } from './args.ts';
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

export type { Io } from './io.ts';

// Sub-commands by their first word (a submission folder literally named like one is graded as ./NAME).
const COMMANDS: Record<string, (argv: readonly string[], io: Io) => Promise<number>> = { batch: batchCommand, merge: mergeCommand, check: checkCommand, new: newCommand };

// Runs the CLI and returns its exit status: 0 all passed, 1 some failed, 2 usage or setup error. Every
// error is one line on stderr; --verbose (or SOCKGRADE_VERBOSE=1) adds its details and stack.
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const verbose = argv.includes('--verbose') || Boolean(process.env.SOCKGRADE_VERBOSE);
  const rest = argv.filter((arg) => arg !== '--verbose');
  let args: CliArgs | undefined;
  try {
    // The environment is read once, here; a bad value is a usage error like a bad option.
    useRunSettings(readRunEnvironment(process.env));
    const command = COMMANDS[rest[0] ?? ''];
    if (command) return await command(rest.slice(1), io);
    args = parseCliArgs(rest);
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
    if (isSockgradeError(err)) {
      io.err(`sockgrade: ${err.shortMessage}${verbose && err.details ? `\n${err.details}` : ''}`);
    } else {
      const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
      io.err(`sockgrade: internal error: ${message}${verbose ? `\n${(err as Error).stack}` : ' (run with --verbose for the details)'}`);
    }
    // Exit 2 still writes every report asked for: score 0, one failed test naming the stage and why.
    await writeSetupFailureReports(args, err, io.err);
    return 2;
  }
}
