import { expect, test } from 'vitest';
import { parseBatchArgs, parseMergeArgs } from './batch-args.ts';
import { parseCliArgs } from './args.ts';

test('time limits are seconds (fractions allowed), kept in milliseconds; anything else names the option', () => {
  expect(parseCliArgs(['dir', '--timeout-test', '2.5', '--timeout-total', '600'])).toMatchObject({ timeoutTestMs: 2500, timeoutTotalMs: 600_000 });
  for (const bad of ['0', '-1', 'abc', '', 'Infinity']) expect(() => parseCliArgs([`--timeout-total=${bad}`]), bad).toThrow(/--timeout-total must be a positive number of seconds/);
});

test('batch: one folder, a gradebook file, workers, shard and the options each submission gets', () => {
  expect(parseBatchArgs(['class', '--csv', 'g.csv'])).toEqual({ submissionsDir: 'class', csv: 'g.csv', workers: 2, assignments: [], help: false });
  expect(parseBatchArgs(['class', '--csv', 'g.csv', '-w', '4', '--shard', '2/3', '-a', 'tcp-echo', '--timeout-test', '5', '--reports', 'r'])).toEqual({
    submissionsDir: 'class', csv: 'g.csv', workers: 4, shard: { index: 2, count: 3 }, assignments: ['tcp-echo'], timeoutTestMs: 5000, reports: 'r', help: false,
  });
  expect(parseBatchArgs(['class', '--csv', 'g.csv', '--limit', 'memoryMiB=1024', '--limit', 'processes=512'])).toMatchObject({ limits: { memoryMiB: 1024, processes: 512 } });
  expect(() => parseBatchArgs(['class', '--csv', 'g.csv', '--limit', 'memoryMiB=lots'])).toThrow(/^--limit: memoryMiB must be a positive integer/);
  expect(() => parseBatchArgs(['class'])).toThrow(/needs --csv FILE/);
  expect(() => parseBatchArgs(['a', 'b', '--csv', 'g.csv'])).toThrow(/exactly one SUBMISSIONS_DIR, got 2: a b/);
  expect(() => parseBatchArgs(['class', '--csv', 'g.csv', '--workers', '0'])).toThrow(/--workers must be a whole number ≥ 1, got "0"/);
  expect(() => parseBatchArgs(['class', '--csv', 'g.csv', '--tap', 'x'])).toThrow(/Unknown option '--tap'.*\(see sockgrade batch --help\)$/);
});

test('merge: the shard files and the merged gradebook', () => {
  expect(parseMergeArgs(['a.csv', 'b.csv', '--csv', 'all.csv'])).toEqual({ shards: ['a.csv', 'b.csv'], csv: 'all.csv', help: false });
  expect(() => parseMergeArgs(['--csv', 'all.csv'])).toThrow(/needs the shard gradebooks/);
  expect(() => parseMergeArgs(['a.csv'])).toThrow(/needs --csv FILE/);
});
