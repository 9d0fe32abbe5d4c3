import { listProcDir, readProcLink } from './proc-files.ts';
import { inetSockets } from './proc-net.ts';
import { tcpListeners } from './accept-queue.ts';

// Inodes of the sockets the processes hold open, from /proc/<pid>/fd links "socket:[inode]".
export async function socketInodes(pids: readonly number[]): Promise<Set<number>> {
  const inodes = new Set<number>();
  for (const pid of pids) {
    for (const fd of listProcDir(`/proc/${pid}/fd`)) {
      const m = /^socket:\[(\d+)\]$/.exec(readProcLink(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(Number(m[1]));
    }
  }
  return inodes;
}

// Open file descriptors of the processes, summed; what a leak of dead connections makes grow.
export async function openDescriptorCount(pids: readonly number[]): Promise<number> {
  return pids.reduce((sum, pid) => sum + listProcDir(`/proc/${pid}/fd`).length, 0);
}

// Where the processes listen (TCP) or are bound (UDP), e.g. ["0.0.0.0:8080 (TCP)"], for "it listens elsewhere" hints.
export async function boundAddresses(pids: readonly number[]): Promise<string[]> {
  if (process.platform !== 'linux' || pids.length === 0) return [];
  const inodes = await socketInodes(pids);
  const [tcp, udp] = await Promise.all([inetSockets('tcp'), inetSockets('udp')]);
  const listening = tcp.filter((r) => r.state === 'LISTEN' && inodes.has(r.inode));
  const bound = udp.filter((r) => inodes.has(r.inode) && r.remotePort === 0);
  const show = (addr: string, port: number, proto: string) => `${addr.includes(':') ? `[${addr}]` : addr}:${port} (${proto})`;
  return [...listening.map((r) => show(r.localAddress, r.localPort, 'TCP')), ...bound.map((r) => show(r.localAddress, r.localPort, 'UDP'))];
}

// True when one of the processes holds the socket listening on the TCP port (not some other program).
// The IPv6 table (a server bound to "::") is read only when the IPv4 one has no such listener: with no
// IPv6 connection on the machine, reading it walks the kernel's whole connection hash for nothing.
export async function ownsTcpListener(pids: readonly number[], port: number): Promise<boolean> {
  const [inodes, v4] = await Promise.all([socketInodes(pids), tcpListeners(port, { ipv6: false })]);
  if (v4.some((row) => inodes.has(row.inode))) return true;
  return (await tcpListeners(port, { ipv4: false })).some((row) => inodes.has(row.inode));
}
