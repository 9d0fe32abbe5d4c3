import { inetSockets } from './proc-net.ts';
import type { InetSocketRow, TcpState } from './proc-net.ts';

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
export async function serverSideState(serverPort: number, clientPort: number): Promise<TcpState | undefined> {
  const rows = await inetSockets('tcp', { ports: [clientPort] });
  return rows.find((r) => isServerEnd(r, serverPort, clientPort))?.state;
}

// True when nothing the client wrote is still in flight: the client's kernel has it acknowledged and
// the server process has read it (its end's receive queue is empty). Also true once either end is gone.
export async function deliveredAndRead(serverPort: number, clientPort: number, { ipv6 = true }: { ipv6?: boolean } = {}): Promise<boolean> {
  const rows = await connectionRows(serverPort, clientPort, ipv6);
  const clientEnd = rows.find((r) => r.localPort === clientPort && r.remotePort === serverPort);
  const serverEnd = rows.find((r) => isServerEnd(r, serverPort, clientPort));
  return (clientEnd?.txQueue ?? 0) === 0 && (serverEnd?.rxQueue ?? 0) === 0;
}

// Bytes waiting in the client end's receive queue, not yet read by the client (0 once either end is gone).
export async function queuedForClient(serverPort: number, clientPort: number, { ipv6 = true }: { ipv6?: boolean } = {}): Promise<number> {
  const rows = await inetSockets('tcp', { ipv6, ports: [clientPort] });
  return rows.find((r) => r.localPort === clientPort && r.remotePort === serverPort)?.rxQueue ?? 0;
}

// Both ends of one TCP connection as the kernel shows them (Linux; an end is undefined once gone). A
// TIME_WAIT row of an earlier connection on the same ports (tcp_tw_reuse) gives way to a live one.
export async function connectionEnds(serverPort: number, clientPort: number, { ipv6 = true }: { ipv6?: boolean } = {}): Promise<{ server?: InetSocketRow; client?: InetSocketRow }> {
  const rows = (await connectionRows(serverPort, clientPort, ipv6)).sort((a, b) => Number(a.state === 'TIME_WAIT') - Number(b.state === 'TIME_WAIT'));
  const server = rows.find((r) => isServerEnd(r, serverPort, clientPort));
  const client = rows.find((r) => r.localPort === clientPort && r.remotePort === serverPort);
  return { ...(server ? { server } : {}), ...(client ? { client } : {}) };
}

// True once the server's end of the connection is gone from the kernel's table, as an RST leaves it (a
// TIME_WAIT row of an earlier connection on the same ports does not count).
export async function serverEndGone(serverPort: number, clientPort: number, { ipv6 = true }: { ipv6?: boolean } = {}): Promise<boolean> {
  const { server } = await connectionEnds(serverPort, clientPort, { ipv6 });
  return !server || server.state === 'TIME_WAIT' || server.state === 'CLOSE';
}
