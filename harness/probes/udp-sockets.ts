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
