import { parseArgs } from 'node:util';
import { SockgradeError } from '../errors/sockgrade-error.ts';

// The CLI's options after parsing, before any file is read.
export interface CliArgs {
  readonly submissionDir?: string;
  readonly assignments: readonly string[];
  readonly run?: string;
  readonly json?: string;
  readonly junit?: string;
  readonly tap?: string;
  readonly gradescope?: string;
  readonly help: boolean;
  readonly version: boolean;
}

export const USAGE = `Usage: sockgrade [SUBMISSION_DIR] [--assignment NAME]... [--run "CMD ..."]
                 [--json FILE] [--junit FILE] [--tap FILE] [--gradescope FILE]

Grades the socket servers of a submission against the specs.
  SUBMISSION_DIR        folder with sockgrade.json (default: the current folder)
  -a, --assignment NAME grade only this assignment (repeatable)
  --run "CMD {port}"    grade one command without a manifest (needs one --assignment)
  --json FILE           write the result as JSON
  --junit FILE, --tap FILE, --gradescope FILE   write other report formats
  -h, --help            show this help
Placeholders {host} {port} {socket} are filled in; HOST, PORT, SOCKET_PATH are set too.
Exit status: 0 all tests passed, 1 some failed, 2 usage or setup error.`;

// Parses argv; a misuse is an E_USAGE naming the option and what it got.
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        assignment: { type: 'string', short: 'a', multiple: true },
        run: { type: 'string' },
        json: { type: 'string' },
        junit: { type: 'string' },
        tap: { type: 'string' },
        gradescope: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new SockgradeError('E_USAGE', `${(err as Error).message.split('\n')[0]} (see sockgrade --help)`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new SockgradeError('E_USAGE', `expected at most one SUBMISSION_DIR, got ${positionals.length}: ${positionals.join(' ')}`);
  for (const name of ['run', 'json', 'junit', 'tap', 'gradescope'] as const) {
    if (values[name] !== undefined && values[name].trim() === '') throw new SockgradeError('E_USAGE', `--${name} needs a value, got an empty string`);
  }
  return {
    ...(positionals[0] !== undefined ? { submissionDir: positionals[0] } : {}),
    assignments: values.assignment ?? [],
    ...(values.run !== undefined ? { run: values.run } : {}),
    ...(values.json !== undefined ? { json: values.json } : {}),
    ...(values.junit !== undefined ? { junit: values.junit } : {}),
    ...(values.tap !== undefined ? { tap: values.tap } : {}),
    ...(values.gradescope !== undefined ? { gradescope: values.gradescope } : {}),
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
