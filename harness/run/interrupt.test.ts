import { expect, test } from 'vitest';
import { beginEarlyEnd, earlyEndCause, onEarlyEnd, onInterrupt } from './interrupt.ts';

// The registry the CLI's process guard runs when the process must end early: work is stopped first,
// then every cleanup runs, each whatever the others do; removed ones do not run.
test('an early end stops work, then runs every registered cleanup, even after one throws', () => {
  const order: string[] = [];
  onInterrupt(() => order.push('stop work'));
  onEarlyEnd({ now: () => order.push('first cleanup') });
  onEarlyEnd({
    now: () => {
      throw new Error('cannot remove the folder');
    },
  });
  const removed = onEarlyEnd({ now: () => order.push('removed cleanup') });
  removed();
  const last = { now: () => order.push('last cleanup'), summary: () => 'removed /tmp/x' };
  onEarlyEnd(last);

  expect(earlyEndCause()).toBeUndefined();
  const cleanups = beginEarlyEnd('SIGTERM');
  expect(order).toEqual(['stop work', 'first cleanup', 'last cleanup']);
  expect(cleanups).toHaveLength(3);
  expect(cleanups.at(-1)).toBe(last);
  expect(earlyEndCause()).toBe('SIGTERM');
  // The first cause stays: a crash during the cleanup of an interrupt is still an interrupt.
  beginEarlyEnd('crash');
  expect(earlyEndCause()).toBe('SIGTERM');
});
