import net from 'node:net';
import { threadId } from 'node:worker_threads';
import getPort, { portNumbers } from 'get-port';

// Ports are taken below Linux's ephemeral range (32768+) so our own clients' source ports never collide,
// from a start that differs per process and per worker thread (vitest's threads share one pid: with the
// pid alone, every thread walked the same ports in lockstep, so two servers seeded at the same moment
// got the same port, and again on each retry: 6 tests of one loaded check ended E_NOT_LISTENING).
const LOW = 20000;
const HIGH = 32000;
let cursor = LOW + ((process.pid * 7919 + threadId * 1543) % (HIGH - LOW));

// A free port on host for a server to bind.
export async function allocatePort(host: string): Promise<number> {
  const start = cursor;
  cursor = cursor + 64 > HIGH ? LOW : cursor + 64;
  return getPort({ host, port: [...portNumbers(start, Math.min(start + 63, HIGH)), ...portNumbers(LOW, HIGH)] });
}

// True when someone already holds the TCP port: our own bind fails with EADDRINUSE.
export function isTcpPortTaken(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE'));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}
