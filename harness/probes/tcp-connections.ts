import { inetSockets } from './proc-net.ts';
import type { InetSocketRow, TcpState } from './proc-net.ts';

// Kernel state of the server's end of one TCP connection, found by its two ports; undefined once gone.
export async function serverSideState(serverPort: number, clientPort: number): Promise<TcpState | undefined> {
  const rows = await inetSockets('tcp', { ports: [clientPort] });
  return rows.find((r) => r.localPort === serverPort && r.remotePort === clientPort && r.state !== 'LISTEN')?.state;
}

// True when nothing the client wrote is still in flight: the client's kernel has it acknowledged and
// the server process has read it (its end's receive queue is empty). Also true once either end is gone.
export async function deliveredAndRead(serverPort: number, clientPort: number, { ipv6 = true }: { ipv6?: boolean } = {}): Promise<boolean> {
  const rows = await inetSockets('tcp', { ipv6, ports: [clientPort] });
  const clientEnd = rows.find((r) => r.localPort === clientPort && r.remotePort === serverPort);
  const serverEnd = rows.find((r) => r.localPort === serverPort && r.remotePort === clientPort && r.state !== 'LISTEN');
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
  const rows = (await inetSockets('tcp', { ipv6, ports: [clientPort] })).sort((a, b) => Number(a.state === 'TIME_WAIT') - Number(b.state === 'TIME_WAIT'));
  const server = rows.find((r) => r.localPort === serverPort && r.remotePort === clientPort && r.state !== 'LISTEN');
  const client = rows.find((r) => r.localPort === clientPort && r.remotePort === serverPort);
  return { ...(server ? { server } : {}), ...(client ? { client } : {}) };
}

// True once the server's end of the connection is gone from the kernel's table, as an RST leaves it (a
// TIME_WAIT row of an earlier connection on the same ports does not count).
export async function serverEndGone(serverPort: number, clientPort: number, { ipv6 = true }: { ipv6?: boolean } = {}): Promise<boolean> {
  const { server } = await connectionEnds(serverPort, clientPort, { ipv6 });
  return !server || server.state === 'TIME_WAIT' || server.state === 'CLOSE';
}
