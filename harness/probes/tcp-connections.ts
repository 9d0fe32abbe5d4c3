import { inetSockets } from './proc-net.ts';
import type { TcpState } from './proc-net.ts';

// Kernel state of the server's end of one TCP connection, found by its two ports; undefined once gone.
export async function serverSideState(serverPort: number, clientPort: number): Promise<TcpState | undefined> {
  const rows = await inetSockets('tcp');
  return rows.find((r) => r.localPort === serverPort && r.remotePort === clientPort && r.state !== 'LISTEN')?.state;
}
