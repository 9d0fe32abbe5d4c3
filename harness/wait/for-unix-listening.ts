import { lstatSync } from 'node:fs';
import { unixListenerInode } from '../probes/unix-sockets.ts';
import { describeEndpoint } from '../launch/endpoint.ts';
import type { WaitStrategy } from './wait-strategy.ts';
import { STEADY_MS, retryUntil } from './wait-strategy.ts';
import { forStreamConnect } from './for-stream-connect.ts';

// Ready when a stream socket listens at the Unix path. On Linux this reads the kernel's socket table
// (/proc/net/unix), so no connection is made: the first connection the server accepts is the test's own
// client (a server that serves one client, or spins on a closed one, is judged on the test, not on our
// probe). Elsewhere it falls back to connect-probing.
export function forUnixListening(): WaitStrategy {
  if (process.platform !== 'linux') return forStreamConnect();
  return {
    describe: (endpoint) => `listening on ${describeEndpoint(endpoint)}`,
    waitUntilReady: (endpoint, signal, clock) => {
      if (endpoint.kind !== 'unix') throw new TypeError(`forUnixListening() needs a Unix endpoint, got ${describeEndpoint(endpoint)}`);
      // No file at the path, no listener: a look at the path (microseconds) spares a reading of the table
      // (~0.3 ms) until the server has bound, so the start can be watched at the quick pace TCP's is.
      const bound = (): boolean => lstatSync(endpoint.path, { throwIfNoEntry: false }) !== undefined;
      return retryUntil(async () => bound() && (await unixListenerInode(endpoint.path)) !== undefined, signal, clock, { steadyMs: STEADY_MS });
    },
  };
}
