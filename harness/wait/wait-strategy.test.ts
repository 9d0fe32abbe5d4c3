import { expect, test } from 'vitest';
import { retryUntil } from './wait-strategy.ts';
import type { Clock } from '../time/clock.ts';

// A clock that advances only when slept on, so the retry loop runs without real time.
function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; } };
}

test('retries with a growing pause until the attempt succeeds', async () => {
  const clock = fakeClock();
  let calls = 0;
  await retryUntil(async () => ++calls >= 6, new AbortController().signal, clock);
  expect(calls).toBe(6);
  expect(clock.slept).toEqual([5, 10, 20, 40, 40]);
});

test('stops when aborted, with the abort reason', async () => {
  const clock = fakeClock();
  const abort = new AbortController();
  let calls = 0;
  const waiting = retryUntil(async () => {
    if (++calls === 3) abort.abort(new Error('deadline'));
    return false;
  }, abort.signal, clock);
  await expect(waiting).rejects.toThrow('deadline');
  expect(calls).toBe(3);
});

test('keeps a 5 ms pace for steadyMs, then lets the pause grow', async () => {
  const clock = fakeClock();
  let calls = 0;
  await retryUntil(async () => ++calls >= 8, new AbortController().signal, clock, { steadyMs: 20 });
  expect(clock.slept).toEqual([5, 5, 5, 5, 10, 20, 40]);
});
