import { inetSockets } from './proc-net.ts';
import type { TcpState } from './proc-net.ts';

// Kernel state of the server's end of one TCP connection, found by its two ports; undefined once gone.
export async function serverSideState(serverPort: number, clientPort: number): Promise<TcpState | undefined> {
  const rows = await inetSockets('tcp');
  return rows.find((r) => r.localPort === serverPort && r.remotePort === clientPort && r.state !== 'LISTEN')?.state;
}

// True when nothing the client wrote is still in flight: the client's kernel has it acknowledged and
// the server process has read it (its end's receive queue is empty). Also true once either end is gone.
export async function deliveredAndRead(serverPort: number, clientPort: number, { ipv6 = true }: { ipv6?: boolean } = {}): Promise<boolean> {
  const rows = await inetSockets('tcp', { ipv6 });
  const clientEnd = rows.find((r) => r.localPort === clientPort && r.remotePort === serverPort);
  const serverEnd = rows.find((r) => r.localPort === serverPort && r.remotePort === clientPort && r.state !== 'LISTEN');
  return (clientEnd?.txQueue ?? 0) === 0 && (serverEnd?.rxQueue ?? 0) === 0;
}

// Bytes waiting in the client end's receive queue, not yet read by the client (0 once either end is gone).
export async function queuedForClient(serverPort: number, clientPort: number, { ipv6 = true }: { ipv6?: boolean } = {}): Promise<number> {
  const rows = await inetSockets('tcp', { ipv6 });
  return rows.find((r) => r.localPort === clientPort && r.remotePort === serverPort)?.rxQueue ?? 0;
}
