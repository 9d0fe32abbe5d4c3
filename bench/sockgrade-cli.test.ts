import { expect, test } from 'vitest';
import { parseTiming } from './sockgrade-cli.ts';

const NO_STEPS = { argumentsReadMs: NaN, vitestLoadedMs: NaN, vitestCreatedMs: NaN, testsRequestedMs: NaN };

test('the CLI\'s timing line (SOCKGRADE_TIMING=1) is read from stderr, with the steps before the first test; without it, NaN', () => {
  const line = 'sockgrade timing: first test started at 512ms, run ended at 1633ms (arguments read at 95ms, vitest loaded at 260ms, vitest created at 301ms, tests requested at 310ms)';
  expect(parseTiming(`noise\n${line}\n`)).toEqual({ firstTestMs: 512, runEndedMs: 1633, steps: { argumentsReadMs: 95, vitestLoadedMs: 260, vitestCreatedMs: 301, testsRequestedMs: 310 } });
  expect(parseTiming('sockgrade timing: first test started at -1ms, run ended at 90ms\n')).toEqual({ firstTestMs: -1, runEndedMs: 90, steps: NO_STEPS });
  expect(parseTiming('')).toEqual({ firstTestMs: NaN, runEndedMs: NaN, steps: NO_STEPS });
});
