import dgram from 'node:dgram';
import type { ByteInput } from '../bytes/bytes.ts';
import { toBuffer } from '../bytes/bytes.ts';
import type { Endpoint } from '../launch/endpoint.ts';
import { describeEndpoint } from '../launch/endpoint.ts';
import type { WaitStrategy } from './wait-strategy.ts';
import { retryUntil } from './wait-strategy.ts';

// One probe datagram from a fresh socket; true when any datagram comes back within waitMs. Before the
// server binds, the kernel answers with ICMP "port unreachable" (ECONNREFUSED on our connected socket).
function probeOnce(endpoint: Exclude<Endpoint, { kind: 'unix' }>, payload: Buffer, waitMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket({ type: endpoint.host.includes(':') ? 'udp6' : 'udp4' });
    let timer: NodeJS.Timeout | undefined;
    const done = (answered: boolean): void => {
      clearTimeout(timer);
      socket.close();
      resolve(answered);
    };
    socket.once('message', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(endpoint.port, endpoint.host, () => {
      socket.send(payload);
      timer = setTimeout(() => done(false), waitMs);
    });
  });
}

// Ready when the server answers a probe datagram. Only for protocols where every datagram is answered
// and a probe cannot change what a test observes: the probe is the server's first client.
export function forUdpReply(payload: ByteInput, { waitMs = 100 }: { waitMs?: number } = {}): WaitStrategy {
  const bytes = toBuffer(payload);
  return {
    describe: (endpoint) => `answering a probe datagram on ${describeEndpoint(endpoint)}`,
    waitUntilReady: (endpoint, signal, clock) => {
      if (endpoint.kind !== 'udp') throw new TypeError(`forUdpReply() needs a UDP endpoint, got ${describeEndpoint(endpoint)}`);
      return retryUntil(() => probeOnce(endpoint, bytes, waitMs), signal, clock);
    },
  };
}
