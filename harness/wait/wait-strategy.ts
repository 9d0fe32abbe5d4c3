import type { Clock } from '../time/clock.ts';
import type { Endpoint } from '../launch/endpoint.ts';

// How the launcher knows a server is ready: resolves once it is, or never; aborted when the race is decided.
export interface WaitStrategy {
  // What is awaited, for messages: "listening on 127.0.0.1:41234 (TCP)".
  describe(endpoint: Endpoint): string;
  waitUntilReady(endpoint: Endpoint, signal: AbortSignal, clock: Clock): Promise<void>;
}

// How long a start wait that reads the kernel's tables keeps retryUntil's 5 ms pace. A gated reading costs
// ~0.05 ms of CPU while the server has no socket yet (a look at its descriptors or at the path) and
// ~0.15-0.4 ms once it has, so the pace costs a server starting in 100 ms a few ms of our CPU, and takes
// ~15 ms off a typical start's detection.
export const STEADY_MS = 250;

// Retries an attempt until it succeeds or the signal aborts: every 5 ms for the first `steadyMs` (where
// an attempt is a cheap kernel reading that the server cannot notice, and starts usually end: a pause that
// has already grown to 20 ms costs a 17 ms start another 20 ms), then with a pause growing to 40 ms.
export async function retryUntil(attempt: () => Promise<boolean>, signal: AbortSignal, clock: Clock, { steadyMs = 0 }: { steadyMs?: number } = {}): Promise<void> {
  const start = clock.now();
  let pause = 5;
  while (!signal.aborted) {
    if (await attempt()) return;
    if (signal.aborted) break;
    await clock.sleep(pause, signal).catch(() => undefined);
    if (clock.now() - start >= steadyMs) pause = Math.min(40, pause * 2);
  }
  throw signal.reason ?? new Error('aborted');
}
