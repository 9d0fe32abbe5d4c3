import { expect, test } from 'vitest';
import { parseTiming } from './sockgrade-cli.ts';

test('the CLI\'s timing line (SOCKGRADE_TIMING=1) is read from stderr; without it, NaN', () => {
  expect(parseTiming('noise\nsockgrade timing: first test started at 412ms, run ended at 1633ms\n')).toEqual({ firstTestMs: 412, runEndedMs: 1633 });
  expect(parseTiming('sockgrade timing: first test started at -1ms, run ended at 90ms\n')).toEqual({ firstTestMs: -1, runEndedMs: 90 });
  expect(parseTiming('')).toEqual({ firstTestMs: NaN, runEndedMs: NaN });
});
