import { setTimeout as delay } from 'node:timers/promises';

// Time source for retry loops, injectable so they are unit-tested without real time.
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : undefined),
};
