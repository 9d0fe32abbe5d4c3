import { expect, test } from 'vitest';
import { runPool } from './worker-pool.ts';

test('never runs more than the given number at once, and keeps the order of the items', async () => {
  let running = 0;
  let most = 0;
  const releases: (() => void)[] = [];
  const pool = runPool([1, 2, 3, 4, 5], 2, async (n) => {
    running++;
    most = Math.max(most, running);
    await new Promise<void>((resolve) => releases.push(resolve));
    running--;
    return n * 10;
  });
  // Release the waiting jobs one by one, each as soon as it is waiting.
  while (releases.length > 0 || running > 0) {
    await new Promise((resolve) => setImmediate(resolve));
    releases.shift()?.();
  }
  expect(await pool).toEqual([10, 20, 30, 40, 50]);
  expect(most).toBe(2);
});

test('starts nothing new once stopped', async () => {
  let stop = false;
  const done = await runPool([1, 2, 3, 4], 1, async (n) => {
    if (n === 2) stop = true;
    return n;
  }, () => stop);
  expect(done).toEqual([1, 2, undefined, undefined]);
});
