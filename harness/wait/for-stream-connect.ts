import net from 'node:net';
import type { Endpoint } from '../launch/endpoint.ts';
import { describeEndpoint } from '../launch/endpoint.ts';
import type { WaitStrategy } from './wait-strategy.ts';
import { retryUntil } from './wait-strategy.ts';

// One connect attempt; a successful probe is closed with a FIN (never an RST), so even a server
// that cannot survive a reset is not harmed by being probed.
function probeOnce(endpoint: Endpoint): Promise<boolean> {
  return new Promise((resolve) => {
    const options = endpoint.kind === 'unix' ? { path: endpoint.path } : { host: endpoint.host, port: endpoint.port };
    const socket = net.connect(options);
    socket.once('connect', () => {
      socket.end();
      socket.once('close', () => undefined);
      socket.on('error', () => undefined);
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

// Ready when a stream connection (TCP or Unix) is accepted by the kernel at the endpoint.
export function forStreamConnect(): WaitStrategy {
  return {
    describe: (endpoint) => `listening on ${describeEndpoint(endpoint)}`,
    waitUntilReady: (endpoint, signal, clock) => retryUntil(() => probeOnce(endpoint), signal, clock),
  };
}
