import dgram from 'node:dgram';
import { allocatePort } from './port.ts';

// True when someone already holds the UDP port: our own exclusive bind fails with EADDRINUSE.
export function isUdpPortTaken(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
    probe.once('error', (err: NodeJS.ErrnoException) => {
      probe.close();
      resolve(err.code === 'EADDRINUSE');
    });
    probe.bind({ address: host, port, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

// A port free for UDP as well as TCP (the allocator only checks TCP), for a UDP server to bind.
export async function allocateUdpPort(host: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = await allocatePort(host);
    if (attempt >= 20 || !(await isUdpPortTaken(host, port))) return port;
  }
}
