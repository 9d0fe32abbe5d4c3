import { expect, test } from 'vitest';
import { sumTallies, tallyJson, tallyUnittest } from './test-tally.ts';

test('unittest summary: tests run, failures and errors both count as failed', () => {
  expect(tallyUnittest('...\n----\nRan 6 tests in 1.014s\n\nOK\n')).toEqual({ ran: 6, failed: 0 });
  expect(tallyUnittest('Ran 6 tests in 1.022s\n\nFAILED (failures=5)\n')).toEqual({ ran: 6, failed: 5 });
  expect(tallyUnittest('Ran 6 tests in 5.1s\n\nFAILED (failures=2, errors=4)\n')).toEqual({ ran: 6, failed: 6 });
  expect(tallyUnittest('Ran 6 tests in 5.1s\n\nFAILED (errors=6)\n')).toEqual({ ran: 6, failed: 6 });
  expect(() => tallyUnittest('Traceback (most recent call last):\n  ...\nSyntaxError')).toThrow(/no unittest summary/);
});

test('sockgrade --json: skipped tests did not run; a class sums its submissions', () => {
  const result = { assignments: [{ tests: [{ status: 'passed' }, { status: 'failed' }] }, { tests: [{ status: 'skipped' }, { status: 'passed' }] }] };
  expect(tallyJson(result)).toEqual({ ran: 3, failed: 1 });
  expect(sumTallies([tallyJson(result), { ran: 2, failed: 0 }])).toEqual({ ran: 5, failed: 1 });
});
