import { expect, test } from 'vitest';
import type { TestCase } from 'vitest/node';
import { ResultCollector } from './result-collector.ts';

// A finished test case as the collector sees it: its id, no target, and the worker's start time.
function finished(id: string, startTime: number): TestCase {
  return { id, meta: () => ({}), diagnostic: () => ({ startTime }) } as unknown as TestCase;
}

test('the first test started when the earliest test began in its worker, however late the news came', () => {
  const collector = new ResultCollector([]);
  expect(collector.firstTestAtMs).toBeUndefined();
  collector.onTestCaseReady(finished('b', 0));
  // Results arrive in any order, each long after its start.
  collector.onTestCaseResult(finished('b', performance.timeOrigin + 480));
  collector.onTestCaseResult(finished('a', performance.timeOrigin + 450));
  collector.onTestCaseResult(finished('c', performance.timeOrigin + 700));
  expect(collector.firstTestAtMs).toBeCloseTo(450, 3);
});
