import { parseArgs } from 'node:util';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { GradescopeVisibility } from '../reporters/gradescope.ts';
import { GRADESCOPE_VISIBILITIES } from '../reporters/gradescope.ts';
import { parseStrictOptions } from './strict-options.ts';
import type { ServerLimits } from '../sandbox/server-limits.ts';
import { parseLimitOptions } from '../sandbox/server-limits.ts';

// The CLI's options after parsing, before any file is read.
export interface CliArgs {
  readonly submissionDir?: string;
  readonly assignments: readonly string[];
  readonly run?: string;
  readonly json?: string;
  readonly junit?: string;
  readonly tap?: string;
  readonly gradescope?: string;
  // Gradescope's top-level visibility (--gradescope-visibility); a test's meta.visibility overrides it.
  readonly gradescopeVisibility?: GradescopeVisibility;
  // --github-classroom: the file named by $GITHUB_OUTPUT, where the runner's `result=` line is appended.
  readonly githubOutput?: string;
  readonly prairielearn?: string;
  // --html FILE: one self-contained page, each failure's wire conversation drawn.
  readonly html?: string;
  // The course folder (--specs DIR); otherwise found from package.json, else the built-in assignments.
  readonly specs?: string;
  // Per-test and whole-run time limits, in milliseconds (from --timeout-test / --timeout-total seconds).
  readonly timeoutTestMs?: number;
  readonly timeoutTotalMs?: number;
  // Servers' limits over the course's and the specs' (--limit NAME=VALUE, repeatable).
  readonly limits?: Partial<ServerLimits>;
  // Re-grade whenever a file of the submission changes (--watch).
  readonly watch: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

export const USAGE = `Usage: sockgrade [SUBMISSION_DIR] [--assignment NAME]... [--run "CMD ..."] [--specs DIR]
                 [--json FILE] [--junit FILE] [--tap FILE] [--gradescope FILE [--gradescope-visibility V]]
                 [--github-classroom] [--prairielearn FILE] [--html FILE]
                 [--timeout-test SECONDS] [--timeout-total SECONDS] [--limit NAME=VALUE]...
                 [--watch] [--verbose]
       sockgrade check [COURSE_DIR] [--assignment NAME]... [--limit NAME=VALUE]...
       sockgrade new NAME [--protocol tcp|udp|unix]
       sockgrade batch SUBMISSIONS_DIR --csv FILE [--workers N] [--shard I/N] [--reports DIR]
       sockgrade merge SHARD.csv... --csv FILE

Grades the socket servers of a submission against the specs.
  SUBMISSION_DIR        folder with sockgrade.json (default: the current folder)
  -a, --assignment NAME grade only this assignment (repeatable)
  --specs DIR           the course folder (specs/, reference/, fixtures/); default: the "sockgrade":
                        {"specs": …} entry of the nearest package.json, else the built-in assignments
  --run "CMD {port}"    grade one command without a manifest (needs one --assignment)
  --json FILE           write the result as JSON (each failed test with its error code)
  --tap FILE            write TAP 13, each test's points, duration and code in its YAML block
  --junit FILE          write JUnit XML (made from the TAP by tap-junit; Jenkins schema)
  --gradescope FILE     write Gradescope's results.json
  --gradescope-visibility hidden|after_due_date|after_published|visible
                        when students see the tests on Gradescope (a spec's meta.visibility
                        overrides it per test; default: Gradescope's, visible)
  --github-classroom    append GitHub Classroom's runner output (result=<base64 JSON>) to
                        the file named by $GITHUB_OUTPUT, for autograding-grading-reporter
  --prairielearn FILE   write PrairieLearn's external grader results.json
  --html FILE           write one self-contained HTML page: the score table, and each failed
                        test's wire conversation drawn as a sequence diagram, where it went
                        wrong (expected vs received), the server's exit status, stderr and hint
  --timeout-test SECONDS   limit for one test (default 30, times SOCKGRADE_TIMEOUT_SCALE);
                        a test past it scores 0 and says it timed out, the others still count
  --timeout-total SECONDS  limit for the whole run (default none); tests not finished by then
                        score 0 with "run time limit reached", and every server is stopped
  --limit NAME=VALUE    what each server may use, over the course's and the spec's limits
                        (repeatable): memoryMiB (default 256), processes (256, threads
                        included), fileSizeMiB (64), openFiles (1024), cpuSeconds (10, per
                        process, times SOCKGRADE_TIMEOUT_SCALE); a server stopped by one
                        fails with E_LIMIT_MEMORY, E_LIMIT_PROCESSES, E_LIMIT_FILE_SIZE,
                        E_LIMIT_CPU or E_LIMIT_OPEN_FILES
  -w, --watch           grade again each time a file of the submission changes (Ctrl-C stops)
  --verbose             on an error, print its details (also SOCKGRADE_VERBOSE=1)
  -h, --help            show this help
Placeholders {host} {port} {socket} {root} {log} are filled in; HOST, PORT, SOCKET_PATH,
ROOT_DIR, LOG_PATH are set too.
With $GITHUB_STEP_SUMMARY set, a Markdown summary is appended to that file.
When grading cannot run (exit 2), every report asked for is still written: score 0 and one failed
test named after the stage (usage, manifest, assignments, build, specs, reports) saying why.
\`sockgrade check --help\` and \`sockgrade new --help\` are for teachers writing a course;
\`sockgrade batch --help\` and \`sockgrade merge --help\` describe class grading.
Exit status: 0 all tests passed, 1 some failed, 2 usage or setup error.`;

// The grading command's options, for parseArgs.
const OPTIONS = {
  assignment: { type: 'string', short: 'a', multiple: true },
  run: { type: 'string' },
  json: { type: 'string' },
  junit: { type: 'string' },
  tap: { type: 'string' },
  gradescope: { type: 'string' },
  'gradescope-visibility': { type: 'string' },
  'github-classroom': { type: 'boolean' },
  prairielearn: { type: 'string' },
  html: { type: 'string' },
  specs: { type: 'string' },
  'timeout-test': { type: 'string' },
  'timeout-total': { type: 'string' },
  limit: { type: 'string', multiple: true },
  watch: { type: 'boolean', short: 'w' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

// The options that name a report file.
const REPORT_FILES = ['json', 'junit', 'tap', 'gradescope', 'prairielearn', 'html'] as const;

// Parses argv (and $GITHUB_OUTPUT for --github-classroom); a misuse is an E_USAGE naming the option and what it got.
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliArgs {
  const { values, positionals } = parseStrictOptions(argv, OPTIONS, 'sockgrade');
  if (positionals.length > 1) throw new SockgradeError('E_USAGE', `expected at most one SUBMISSION_DIR, got ${positionals.length}: ${positionals.join(' ')}`);
  for (const name of ['run', ...REPORT_FILES, 'specs'] as const) {
    if (values[name] !== undefined && values[name].trim() === '') throw new SockgradeError('E_USAGE', `--${name} needs a value, got an empty string`);
  }
  const gradescopeVisibility = visibilityOption(values['gradescope-visibility'], values.gradescope);
  const githubOutput = values['github-classroom'] ? githubOutputFile(env) : undefined;
  const timeoutTestMs = secondsOption('--timeout-test', values['timeout-test']);
  const timeoutTotalMs = secondsOption('--timeout-total', values['timeout-total']);
  const limits = parseLimitOptions(values.limit);
  return {
    ...(positionals[0] !== undefined ? { submissionDir: positionals[0] } : {}),
    assignments: values.assignment ?? [],
    ...(values.run !== undefined ? { run: values.run } : {}),
    ...(values.json !== undefined ? { json: values.json } : {}),
    ...(values.junit !== undefined ? { junit: values.junit } : {}),
    ...(values.tap !== undefined ? { tap: values.tap } : {}),
    ...(values.gradescope !== undefined ? { gradescope: values.gradescope } : {}),
    ...(gradescopeVisibility !== undefined ? { gradescopeVisibility } : {}),
    ...(githubOutput !== undefined ? { githubOutput } : {}),
    ...(values.prairielearn !== undefined ? { prairielearn: values.prairielearn } : {}),
    ...(values.html !== undefined ? { html: values.html } : {}),
    ...(values.specs !== undefined ? { specs: values.specs } : {}),
    ...(timeoutTestMs !== undefined ? { timeoutTestMs } : {}),
    ...(timeoutTotalMs !== undefined ? { timeoutTotalMs } : {}),
    ...(limits ? { limits } : {}),
    watch: values.watch ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

// The reports a command line asks for, read leniently, whatever else is wrong with it: where the exit-2
// report of a usage error still goes (a CI platform reads that file, not stderr). A report option that is
// itself wrong is left out; undefined when none can be named.
export function reportArgsOf(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliArgs | undefined {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true });
  const named = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
  const files = Object.fromEntries(REPORT_FILES.filter((name) => named(values[name])).map((name) => [name, values[name] as string]));
  const githubOutput = values['github-classroom'] === true && named(env.GITHUB_OUTPUT) ? env.GITHUB_OUTPUT : undefined;
  if (Object.keys(files).length === 0 && githubOutput === undefined) return undefined;
  const submissionDir = positionals.length === 1 ? positionals[0] : undefined;
  return { ...(submissionDir !== undefined ? { submissionDir } : {}), assignments: [], ...files, ...(githubOutput !== undefined ? { githubOutput } : {}), watch: false, help: false, version: false };
}

// A time limit given in seconds (fractions allowed), returned in milliseconds; anything else is an E_USAGE.
export function secondsOption(option: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new SockgradeError('E_USAGE', `${option} must be a positive number of seconds, got ${JSON.stringify(raw)}`);
  }
  return Math.round(seconds * 1000);
}

// --gradescope-visibility: one of Gradescope's four values, and only with --gradescope.
function visibilityOption(raw: string | undefined, gradescope: string | undefined): GradescopeVisibility | undefined {
  if (raw === undefined) return undefined;
  if (!(GRADESCOPE_VISIBILITIES as readonly string[]).includes(raw)) {
    throw new SockgradeError('E_USAGE', `--gradescope-visibility must be one of ${GRADESCOPE_VISIBILITIES.join(', ')}, got ${JSON.stringify(raw)} (string)`);
  }
  if (gradescope === undefined) throw new SockgradeError('E_USAGE', `--gradescope-visibility ${raw} needs --gradescope FILE`);
  return raw as GradescopeVisibility;
}

// The file GitHub Actions names in $GITHUB_OUTPUT for a step's outputs; outside Actions it is unset.
function githubOutputFile(env: NodeJS.ProcessEnv): string {
  const file = env.GITHUB_OUTPUT;
  if (file === undefined || file.trim() === '') {
    const got = file === undefined ? 'it is not set' : `got ${JSON.stringify(file)} (empty string)`;
    throw new SockgradeError('E_USAGE', `--github-classroom appends its result to the file named by $GITHUB_OUTPUT, but ${got}; GitHub Actions sets it in every step`);
  }
  return file;
}
