import { inetSockets } from './proc-net.ts';
import type { InetSocketRow, TcpState } from './proc-net.ts';
import { tcpSocketByAddresses } from './sock-diag.ts';

// Where a connection's two ends are known to the kernel, both are looked up by their exact addresses
// (sock-diag.ts: microseconds), else read from the tables (milliseconds). Exact addresses are known for a
// client of the loopback literals our servers listen on: its own address is the one it connected to.
export interface ConnectionOptions {
  // The address the client connected to ("127.0.0.1", "::1", a name…).
  readonly host?: string;
  // An IPv6 client: read only the tables it can be in. By default, whether `host` is an IPv6 address (both
  // tables when no host is given).
  readonly ipv6?: boolean;
}

type Ends = { server?: InetSocketRow; client?: InetSocketRow };

// Both ends by exact lookup; null when they cannot be looked up so (then read the tables).
async function endsByLookup(host: string | undefined, serverPort: number, clientPort: number): Promise<Ends | null> {
  if (host !== '127.0.0.1' && host !== '::1') return null;
  const [server, client] = await Promise.all([
    tcpSocketByAddresses({ address: host, port: serverPort }, { address: host, port: clientPort }),
    tcpSocketByAddresses({ address: host, port: clientPort }, { address: host, port: serverPort }),
  ]);
  if (server === null || client === null) return null;
  return { ...(server && server.state !== 'LISTEN' ? { server } : {}), ...(client ? { client } : {}) };
}

function isServerEnd(row: InetSocketRow, serverPort: number, clientPort: number): boolean {
  return row.localPort === serverPort && row.remotePort === clientPort && row.state !== 'LISTEN';
}

// The rows of one connection (by the client's port). `ipv6: false` (an IPv4 client) reads the IPv4 table,
// and the IPv6 one only when the server's end is not in it: a dual-stack server (bound to "::", as Node,
// Java and Go listen by default) holds its end of an IPv4 connection there, as ::ffff:127.0.0.1. Without
// that, such a server's end looked gone at once: paced sends did not wait for its reads, a reset did not
// wait for its end to take the RST. Only a poll that ends (the end gone) reads both tables.
async function connectionRows(serverPort: number, clientPort: number, ipv6: boolean): Promise<InetSocketRow[]> {
  const rows = await inetSockets('tcp', { ipv6, ports: [clientPort] });
  if (ipv6 || rows.some((r) => isServerEnd(r, serverPort, clientPort))) return rows;
  return [...rows, ...(await inetSockets('tcp', { ipv4: false, ports: [clientPort] }))];
}

// Kernel state of the server's end of one TCP connection, found by its two ports; undefined once gone.
// A spec does not say where its client connected: the loopback literals are looked up, then the tables read.
export async function serverSideState(serverPort: number, clientPort: number): Promise<TcpState | undefined> {
  for (const host of ['127.0.0.1', '::1']) {
    const ends = await endsByLookup(host, serverPort, clientPort);
    if (ends === null) break;
    if (ends.server) return ends.server.state;
  }
  const rows = await inetSockets('tcp', { ports: [clientPort] });
  return rows.find((r) => isServerEnd(r, serverPort, clientPort))?.state;
}

// True when nothing the client wrote is still in flight: the client's kernel has it acknowledged and
// the server process has read it (its end's receive queue is empty). Also true once either end is gone.
export async function deliveredAndRead(serverPort: number, clientPort: number, options: ConnectionOptions = {}): Promise<boolean> {
  const { server, client } = await connectionEnds(serverPort, clientPort, options);
  return (client?.txQueue ?? 0) === 0 && (server?.rxQueue ?? 0) === 0;
}

// Bytes waiting in the client end's receive queue, not yet read by the client (0 once either end is gone).
export async function queuedForClient(serverPort: number, clientPort: number, options: ConnectionOptions = {}): Promise<number> {
  return (await connectionEnds(serverPort, clientPort, options)).client?.rxQueue ?? 0;
}

// Both ends of one TCP connection as the kernel shows them (Linux; an end is undefined once gone). A
// TIME_WAIT row of an earlier connection on the same ports (tcp_tw_reuse) gives way to a live one.
export async function connectionEnds(serverPort: number, clientPort: number, { host, ipv6 = host?.includes(':') ?? true }: ConnectionOptions = {}): Promise<Ends> {
  const exact = await endsByLookup(host, serverPort, clientPort);
  if (exact) return exact;
  const rows = (await connectionRows(serverPort, clientPort, ipv6)).sort((a, b) => Number(a.state === 'TIME_WAIT') - Number(b.state === 'TIME_WAIT'));
  const server = rows.find((r) => isServerEnd(r, serverPort, clientPort));
  const client = rows.find((r) => r.localPort === clientPort && r.remotePort === serverPort);
  return { ...(server ? { server } : {}), ...(client ? { client } : {}) };
}

// True once the server's end of the connection is gone from the kernel's table, as an RST leaves it (a
// TIME_WAIT row of an earlier connection on the same ports does not count).
export async function serverEndGone(serverPort: number, clientPort: number, options: ConnectionOptions = {}): Promise<boolean> {
  const { server } = await connectionEnds(serverPort, clientPort, options);
  return !server || server.state === 'TIME_WAIT' || server.state === 'CLOSE';
}
