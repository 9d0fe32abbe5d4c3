import type { Endpoint } from './endpoint.ts';
import type { ExitStatus } from './exit-status.ts';
import type { WaitStrategy } from '../wait/wait-strategy.ts';
import type { Clock } from '../time/clock.ts';

// How the readiness race ended: the server became ready, its process exited first, it ran into one of its
// limits (a cgroup counted an OOM kill or a refused fork), or the deadline passed.
export type Readiness = { readonly kind: 'ready' } | { readonly kind: 'exited'; readonly status: ExitStatus } | { readonly kind: 'limit' } | { readonly kind: 'deadline' };

// Resolves when the server has run into a limit; never, if it does not (or nothing can tell).
export type LimitWatch = (signal: AbortSignal, clock: Clock) => Promise<void>;

// Races the strategy's readiness against the process's exit, its limits and the start deadline; the losers are stopped.
export async function awaitReadiness(strategy: WaitStrategy, endpoint: Endpoint, exited: Promise<ExitStatus>, timeoutMs: number, clock: Clock, limitReached?: LimitWatch): Promise<Readiness> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race<Readiness>([
      strategy.waitUntilReady(endpoint, abort.signal, clock).then(() => ({ kind: 'ready' as const })),
      exited.then((status) => ({ kind: 'exited' as const, status })),
      ...(limitReached ? [limitReached(abort.signal, clock).then(() => ({ kind: 'limit' as const }))] : []),
      new Promise<Readiness>((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'deadline' }), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    abort.abort(new Error('readiness race decided'));
  }
}
