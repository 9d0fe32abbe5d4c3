import dgram from 'node:dgram';
import net from 'node:net';
import { threadId } from 'node:worker_threads';
import { inetSockets } from '../probes/proc-net.ts';
import { tcpPortInUse } from '../probes/sock-diag.ts';

// Ports are taken below Linux's ephemeral range (32768+) so our own clients' source ports never collide.
const LOW = 20000;
const HIGH = 32000;
const SPAN = HIGH - LOW;
// A prime that does not divide SPAN: each thread walks the whole range before it comes back to a port,
// starting from an offset that differs per process and per worker thread.
const STEP = 67;
let offset = (process.pid * 7919 + threadId * 1543) % SPAN;

// A port held for one server from its allocation until it is stopped. Every sockgrade process and worker
// thread on the machine allocates from the same range, and until a server binds, a port looks free to all
// of them: with `npm test` running vitest and `check` at once, two servers were handed the same port and
// one died with EADDRINUSE. The hold is an abstract Unix socket named after the port (Linux): the kernel
// lets one holder bind it, frees it when its process dies, and leaves no file behind.
export interface PortReservation {
  readonly port: number;
  release(): void;
}

const NO_HOLD: PortReservation['release'] = () => {};

// The abstract socket name that holds a port (a leading NUL: no file).
export function portHoldName(port: number): string {
  return `\0sockgrade-port-${port}`;
}

// Binds the port's abstract name: the hold, or undefined when another process or thread holds it. Where
// abstract sockets do not exist (not Linux) nothing can be held, and the port is only checked.
function hold(port: number): Promise<PortReservation['release'] | undefined> {
  return new Promise((resolve) => {
    const lock = net.createServer();
    lock.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE' ? undefined : NO_HOLD));
    lock.listen({ path: portHoldName(port) }, () => {
      lock.unref();
      resolve(() => lock.close());
    });
  });
}

// True when any socket of the protocol uses the port, in any state. Our probe binds with SO_REUSEADDR (as
// Node always does) and so succeeds past a connection in TIME_WAIT, which a server that does not set
// SO_REUSEADDR (most students') fails to bind for a minute after a server on that port closed first.
async function inKernelTables(protocol: 'tcp' | 'udp', port: number): Promise<boolean> {
  // For TCP, a bind without SO_REUSEADDR asks the kernel the same (sock-diag.ts), without a walk of the
  // tables (milliseconds for each of tcp and tcp6).
  const used = protocol === 'tcp' ? await tcpPortInUse(port) : null;
  if (used !== null) return used;
  const rows = await inetSockets(protocol, { ports: [port] });
  return rows.some((row) => row.localPort === port);
}

// This thread's walk through the range, resumed at each allocation.
function* ourRange(): Generator<number> {
  for (let tried = 0; tried < SPAN; tried++) {
    const port = LOW + offset;
    offset = (offset + STEP) % SPAN;
    yield port;
  }
}

// A free port on host for a server of the protocol to bind, held until released (when the server stops).
// `candidates` (tests) replaces the walk through our range.
export async function reservePort(host: string, protocol: 'tcp' | 'udp' = 'tcp', candidates: Iterable<number> = ourRange()): Promise<PortReservation> {
  for (const port of candidates) {
    const release = await hold(port);
    if (!release) continue;
    if (await isFree(host, protocol, port)) return { port, release };
    release();
  }
  throw new Error(`no free port for a server on ${host} (tried ${LOW}-${HIGH})`);
}

// Nobody uses the port: no socket in the kernel's tables (TCP, and UDP for a UDP server), and a bind works.
async function isFree(host: string, protocol: 'tcp' | 'udp', port: number): Promise<boolean> {
  if (await inKernelTables('tcp', port)) return false;
  if (protocol === 'udp' && (await inKernelTables('udp', port))) return false;
  if (await isTcpPortTaken(host, port)) return false;
  return protocol === 'tcp' || !(await isUdpPortTaken(host, port));
}

// True when someone already holds the TCP port: our own bind fails with EADDRINUSE.
export function isTcpPortTaken(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE'));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

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
