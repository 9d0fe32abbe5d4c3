import net from 'node:net';
import getPort, { portNumbers } from 'get-port';

// Ports are taken below Linux's ephemeral range (32768+) so our own clients' source ports never collide,
// from a start that differs per process so parallel workers rarely try the same one.
const LOW = 20000;
const HIGH = 32000;
let cursor = LOW + ((process.pid * 7919) % (HIGH - LOW));

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
