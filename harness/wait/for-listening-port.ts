import { acceptQueueLength, tcpListeners } from '../probes/accept-queue.ts';
import type { WaitStrategy } from './wait-strategy.ts';
import { STEADY_MS, retryUntil } from './wait-strategy.ts';
import { describeEndpoint } from '../launch/endpoint.ts';
import { forStreamConnect } from './for-stream-connect.ts';
import { SocketGate } from './socket-gate.ts';

// True when the kernel lists a TCP socket in LISTEN on the port (any local address), per /proc/net/tcp{,6};
// only the listening section is read, so thousands of TIME_WAIT rows on a busy machine cost nothing.
export async function isListening(port: number): Promise<boolean> {
  return (await acceptQueueLength(port)) !== undefined;
}

// Ready when a TCP socket listens on the port. On Linux this reads the kernel's socket table, so no
// connection is made: the first connection the server accepts is the test's own client (a server that
// serves one client, or spins on a closed one, is judged on the test, not on our probe). Elsewhere it
// falls back to connect-probing. `processes`, when the server's whole process tree is known cheaply (its
// cgroup), gates the table readings (see SocketGate); whoever listens on the port still counts, so a port
// taken by another program is seen as before.
export function forListeningPort({ processes }: { processes?: () => Promise<readonly number[]> } = {}): WaitStrategy {
  if (process.platform !== 'linux') return forStreamConnect();
  return {
    describe: (endpoint) => `listening on ${describeEndpoint(endpoint)}`,
    waitUntilReady: (endpoint, signal, clock) => {
      if (endpoint.kind !== 'tcp') return forStreamConnect().waitUntilReady(endpoint, signal, clock);
      // Ungated, a reading may walk the whole connection table (where sock_diag does not answer): no pace.
      if (!processes) return retryUntil(() => isListening(endpoint.port), signal, clock);
      const gate = new SocketGate(processes);
      return retryUntil(async () => {
        if (!(await gate.open())) return false;
        const listeners = await tcpListeners();
        if (listeners.some((row) => row.port === endpoint.port)) return true;
        gate.settle(listeners, endpoint.port);
        return false;
      }, signal, clock, { steadyMs: STEADY_MS });
    },
  };
}
