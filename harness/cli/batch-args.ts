import path from 'node:path';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { Shard } from '../batch/shard.ts';
import { parseShard } from '../batch/shard.ts';
import { secondsOption } from './args.ts';
import { parseStrictOptions } from './strict-options.ts';
import type { ServerLimits } from '../sandbox/server-limits.ts';
import { parseLimitOptions } from '../sandbox/server-limits.ts';

// `sockgrade batch`'s options after parsing.
export interface BatchArgs {
  readonly submissionsDir: string;
  readonly csv: string;
  readonly workers: number;
  readonly shard?: Shard;
  readonly reports?: string;
  readonly json?: string;
  readonly assignments: readonly string[];
  // The course folder, passed to each submission's grading (absolute).
  readonly specs?: string;
  readonly timeoutTestMs?: number;
  readonly timeoutTotalMs?: number;
  // --limit NAME=VALUE options, for every submission's servers.
  readonly limits?: Partial<ServerLimits>;
  readonly help: boolean;
}

// `sockgrade merge`'s options after parsing.
export interface MergeArgs {
  readonly shards: readonly string[];
  readonly csv: string;
  readonly help: boolean;
}

export const BATCH_USAGE = `Usage: sockgrade batch SUBMISSIONS_DIR --csv FILE [--workers N] [--shard I/N] [--reports DIR]
                       [--json FILE] [--assignment NAME]... [--specs DIR] [--timeout-test SECONDS] [--timeout-total SECONDS]
                       [--limit NAME=VALUE]...

Grades every submission folder in SUBMISSIONS_DIR (each a folder with its sockgrade.json) in one
grading run: every test has its own ports, temp folder and server processes, so submissions never mix.
  --csv FILE            write the gradebook: submission, one column per assignment, total
  -w, --workers N       build N submissions at a time (default 2); the tests of all of them run together
  --shard I/N           grade only part I of N (for CI matrix jobs): folder names sorted by code
                        unit, then every Nth from position I; merge the parts with sockgrade merge
  --reports DIR         keep each submission's report: DIR/<name>.txt (what the student would see),
                        DIR/<name>.json (the JSON result), DIR/<name>.html (the HTML report, each
                        failure's wire conversation drawn), and DIR/index.html: the class's table,
                        one row per submission (of this run or shard), one column per assignment
  --json FILE           write every submission's result in one JSON file
  -a, --assignment, --specs, --timeout-test, --timeout-total, --limit   passed to each submission's grading
An empty cell means the submission was not graded on that assignment (not in its manifest, or its
grading could not run: the reason is printed). Exit status: 0 gradebook written, 2 usage error.`;

export const MERGE_USAGE = `Usage: sockgrade merge SHARD.csv... --csv FILE

Merges the gradebooks of sockgrade batch --shard 1/N … N/N into the gradebook one unsharded batch
writes (rows sorted by submission, every assignment's column). A submission in two shards is an error.`;

// Parses `sockgrade batch ...` (argv without the word "batch").
export function parseBatchArgs(argv: readonly string[]): BatchArgs {
  const { values, positionals } = parseStrictOptions(
    argv,
    {
      csv: { type: 'string' },
      workers: { type: 'string', short: 'w' },
      shard: { type: 'string' },
      reports: { type: 'string' },
      json: { type: 'string' },
      assignment: { type: 'string', short: 'a', multiple: true },
      specs: { type: 'string' },
      'timeout-test': { type: 'string' },
      'timeout-total': { type: 'string' },
      limit: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    'sockgrade batch',
  );
  const empty = { submissionsDir: '', csv: '', workers: 2, assignments: [], help: true } as const;
  if (values.help) return empty;
  if (positionals.length !== 1) throw new SockgradeError('E_USAGE', `sockgrade batch needs exactly one SUBMISSIONS_DIR, got ${positionals.length}${positionals.length ? `: ${positionals.join(' ')}` : ''}`);
  if (!values.csv?.trim()) throw new SockgradeError('E_USAGE', 'sockgrade batch needs --csv FILE for the gradebook');
  const workers = Number(values.workers ?? '2');
  if (!Number.isInteger(workers) || workers < 1) throw new SockgradeError('E_USAGE', `--workers must be a whole number ≥ 1, got ${JSON.stringify(values.workers)}`);
  const timeoutTestMs = secondsOption('--timeout-test', values['timeout-test']);
  const timeoutTotalMs = secondsOption('--timeout-total', values['timeout-total']);
  const limits = parseLimitOptions(values.limit);
  return {
    submissionsDir: positionals[0] as string,
    csv: values.csv,
    workers,
    ...(values.shard !== undefined ? { shard: parseShard(values.shard) } : {}),
    ...(values.reports ? { reports: values.reports } : {}),
    ...(values.json ? { json: values.json } : {}),
    assignments: values.assignment ?? [],
    ...(values.specs ? { specs: path.resolve(values.specs) } : {}),
    ...(timeoutTestMs !== undefined ? { timeoutTestMs } : {}),
    ...(timeoutTotalMs !== undefined ? { timeoutTotalMs } : {}),
    ...(limits ? { limits } : {}),
    help: false,
  };
}

// Parses `sockgrade merge ...` (argv without the word "merge").
export function parseMergeArgs(argv: readonly string[]): MergeArgs {
  const { values, positionals } = parseStrictOptions(argv, { csv: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, 'sockgrade merge');
  if (values.help) return { shards: [], csv: '', help: true };
  if (positionals.length === 0) throw new SockgradeError('E_USAGE', 'sockgrade merge needs the shard gradebooks: sockgrade merge SHARD.csv... --csv FILE');
  if (!values.csv?.trim()) throw new SockgradeError('E_USAGE', 'sockgrade merge needs --csv FILE for the merged gradebook');
  return { shards: positionals, csv: values.csv, help: false };
}
