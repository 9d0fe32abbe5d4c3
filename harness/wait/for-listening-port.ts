import { acceptQueueLength } from '../probes/accept-queue.ts';
import type { WaitStrategy } from './wait-strategy.ts';
import { retryUntil } from './wait-strategy.ts';
import { describeEndpoint } from '../launch/endpoint.ts';
import { forStreamConnect } from './for-stream-connect.ts';

// True when the kernel lists a TCP socket in LISTEN on the port (any local address), per /proc/net/tcp{,6};
// only the listening section is read, so thousands of TIME_WAIT rows on a busy machine cost nothing.
export async function isListening(port: number): Promise<boolean> {
  return (await acceptQueueLength(port)) !== undefined;
}

// Ready when a TCP socket listens on the port. On Linux this reads the kernel's socket table, so no
// connection is made: the first connection the server accepts is the test's own client (a server that
// serves one client, or spins on a closed one, is judged on the test, not on our probe). Elsewhere it
// falls back to connect-probing.
export function forListeningPort(): WaitStrategy {
  if (process.platform !== 'linux') return forStreamConnect();
  return {
    describe: (endpoint) => `listening on ${describeEndpoint(endpoint)}`,
    waitUntilReady: (endpoint, signal, clock) => {
      if (endpoint.kind !== 'tcp') return forStreamConnect().waitUntilReady(endpoint, signal, clock);
      return retryUntil(() => isListening(endpoint.port), signal, clock);
    },
  };
}
