import { inetSockets } from './proc-net.ts';
import { socketInodes } from './process-sockets.ts';

// True when the kernel lists a UDP socket bound to the port (any local address), per /proc/net/udp{,6}.
export async function isUdpBound(port: number): Promise<boolean> {
  const rows = await inetSockets('udp');
  return rows.some((row) => row.localPort === port && row.remotePort === 0);
}

// True when one of the processes holds the UDP socket bound to the port (not some other program).
export async function ownsUdpSocket(pids: readonly number[], port: number): Promise<boolean> {
  const [inodes, rows] = await Promise.all([socketInodes(pids), inetSockets('udp')]);
  return rows.some((row) => row.localPort === port && inodes.has(row.inode));
}

// Kernel memory held by the unread datagrams of the UDP socket bound to the port (its rx_queue: each
// datagram's buffer, more than its payload, so it grows with every datagram queued, even an empty one).
export async function unreadDatagramBytes(port: number, { ipv6 = true }: { ipv6?: boolean } = {}): Promise<number> {
  const rows = await inetSockets('udp', { ipv6, ports: [port] });
  return rows.filter((row) => row.localPort === port).reduce((sum, row) => sum + row.rxQueue, 0);
}
