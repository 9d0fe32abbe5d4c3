import { isUdpBound } from '../probes/udp-sockets.ts';
import { isUdpPortTaken } from '../launch/port.ts';
import { describeEndpoint } from '../launch/endpoint.ts';
import type { WaitStrategy } from './wait-strategy.ts';
import { STEADY_MS, retryUntil } from './wait-strategy.ts';
import { SocketGate } from './socket-gate.ts';

// Ready when a UDP socket is bound to the port: from then on datagrams sent to it are queued, even
// before the server calls recvfrom(). On Linux this reads the kernel's socket table, so nothing is sent
// (a server that answers only its first client is judged on the test's client, not on a probe). Elsewhere
// our own exclusive bind is tried and released at once: it fails (EADDRINUSE) once the server holds the port.
// `processes`, when the server's process tree is known cheaply (its cgroup), gates the table readings
// (~0.4 ms each): they wait until the server holds an inet socket (SocketGate), and are then paced as TCP's.
export function forUdpBound({ processes }: { processes?: () => Promise<readonly number[]> } = {}): WaitStrategy {
  return {
    describe: (endpoint) => `bound to ${describeEndpoint(endpoint)}`,
    waitUntilReady: (endpoint, signal, clock) => {
      if (endpoint.kind !== 'udp') throw new TypeError(`forUdpBound() needs a UDP endpoint, got ${describeEndpoint(endpoint)}`);
      if (process.platform !== 'linux') return retryUntil(() => isUdpPortTaken(endpoint.host, endpoint.port), signal, clock);
      if (!processes) return retryUntil(() => isUdpBound(endpoint.port), signal, clock);
      const gate = new SocketGate(processes);
      return retryUntil(async () => (await gate.open()) && (await isUdpBound(endpoint.port)), signal, clock, { steadyMs: STEADY_MS });
    },
  };
}
