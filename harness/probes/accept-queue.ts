import { inetSockets } from './proc-net.ts';

// Connections waiting in the accept queue of the socket listening on the TCP port: handshake done, not yet
// accept()ed. For a LISTEN row of /proc/net/tcp the rx_queue column is that count (sk_ack_backlog; see
// get_tcp4_sock in net/ipv4/tcp_ipv4.c). Undefined where it cannot be read (not Linux, no such listener).
export async function acceptQueueLength(port: number): Promise<number | undefined> {
  if (process.platform !== 'linux') return undefined;
  const listeners = (await inetSockets('tcp')).filter((row) => row.state === 'LISTEN' && row.localPort === port);
  if (listeners.length === 0) return undefined;
  return listeners.reduce((sum, row) => sum + row.rxQueue, 0);
}
