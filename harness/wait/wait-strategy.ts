import type { Clock } from '../time/clock.ts';
import type { Endpoint } from '../launch/endpoint.ts';

// How the launcher knows a server is ready: resolves once it is, or never; aborted when the race is decided.
export interface WaitStrategy {
  // What is awaited, for messages: "listening on 127.0.0.1:41234 (TCP)".
  describe(endpoint: Endpoint): string;
  waitUntilReady(endpoint: Endpoint, signal: AbortSignal, clock: Clock): Promise<void>;
}

// Retries an attempt with a growing pause (5 ms up to 40 ms) until it succeeds or the signal aborts.
export async function retryUntil(attempt: () => Promise<boolean>, signal: AbortSignal, clock: Clock): Promise<void> {
  let pause = 5;
  while (!signal.aborted) {
    if (await attempt()) return;
    if (signal.aborted) break;
    await clock.sleep(pause, signal).catch(() => undefined);
    pause = Math.min(40, pause * 2);
  }
  throw signal.reason ?? new Error('aborted');
}
