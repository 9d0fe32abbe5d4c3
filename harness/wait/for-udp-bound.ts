import { isUdpBound } from '../probes/udp-sockets.ts';
import { isUdpPortTaken } from '../launch/port.ts';
import { describeEndpoint } from '../launch/endpoint.ts';
import type { WaitStrategy } from './wait-strategy.ts';
import { retryUntil } from './wait-strategy.ts';

// Ready when a UDP socket is bound to the port: from then on datagrams sent to it are queued, even
// before the server calls recvfrom(). On Linux this reads the kernel's socket table, so nothing is sent
// (a server that answers only its first client is judged on the test's client, not on a probe). Elsewhere
// our own exclusive bind is tried and released at once: it fails (EADDRINUSE) once the server holds the port.
export function forUdpBound(): WaitStrategy {
  return {
    describe: (endpoint) => `bound to ${describeEndpoint(endpoint)}`,
    waitUntilReady: (endpoint, signal, clock) => {
      if (endpoint.kind !== 'udp') throw new TypeError(`forUdpBound() needs a UDP endpoint, got ${describeEndpoint(endpoint)}`);
      const taken = process.platform === 'linux' ? () => isUdpBound(endpoint.port) : () => isUdpPortTaken(endpoint.host, endpoint.port);
      return retryUntil(taken, signal, clock);
    },
  };
}
