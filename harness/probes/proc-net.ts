import { readKernelTable } from './kernel-table-reading.ts';

// One row of /proc/net/{tcp,udp}[6]; see proc(5). Addresses are shown as "ip:port".
export interface InetSocketRow {
  readonly protocol: 'tcp' | 'udp';
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly state: TcpState;
  // Bytes queued in the kernel: TCP tx = written but not yet acknowledged by the peer, rx = received
  // but not yet read by the owning process (UDP: bytes in the send / receive buffer).
  readonly txQueue: number;
  readonly rxQueue: number;
  readonly inode: number;
}

// TCP states by the hex code the kernel prints (include/net/tcp_states.h).
const TCP_STATES = {
  '01': 'ESTABLISHED', '02': 'SYN_SENT', '03': 'SYN_RECV', '04': 'FIN_WAIT1', '05': 'FIN_WAIT2', '06': 'TIME_WAIT',
  '07': 'CLOSE', '08': 'CLOSE_WAIT', '09': 'LAST_ACK', '0A': 'LISTEN', '0B': 'CLOSING',
} as const;
export type TcpState = (typeof TCP_STATES)[keyof typeof TCP_STATES] | 'UNKNOWN';

// The state's name from the kernel's number (as sock_diag gives it); 12, a connection request still in
// its listener's queue (TCP_NEW_SYN_RECV), is shown as the tables show it: SYN_RECV.
export function tcpStateName(code: number): TcpState {
  if (code === 12) return 'SYN_RECV';
  return TCP_STATES[code.toString(16).toUpperCase().padStart(2, '0') as keyof typeof TCP_STATES] ?? 'UNKNOWN';
}

// Decodes the kernel's hex address (IPv4 or IPv6, host byte order per 32-bit word) to text.
export function decodeAddress(hexAddr: string): string {
  if (hexAddr.length === 8) {
    // IPv4 in host byte order (little-endian on x86 and arm64).
    const n = Number.parseInt(hexAddr, 16);
    return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
  }
  const words = hexAddr.toLowerCase().match(/.{8}/g) ?? [];
  if (words.slice(0, 2).every((w) => w === '00000000') && words[2] === 'ffff0000') return `::ffff:${decodeAddress(words[3] ?? '')}`;
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse());
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(`${bytes[i]}${bytes[i + 1]}`.replace(/^0{1,3}/, ''));
  const v6 = groups.join(':');
  return v6 === '0:0:0:0:0:0:0:0' ? '::' : v6 === '0:0:0:0:0:0:0:1' ? '::1' : v6;
}

async function readTable(protocol: 'tcp' | 'udp', file: string, ports?: readonly number[]): Promise<InetSocketRow[]> {
  const rows: InetSocketRow[] = [];
  // An address's port is printed as ":HHHH " (the queues and timers that follow have 8 hex digits):
  // lines without one of the ports asked for are skipped before they are split and decoded.
  // A client's port is undefined once its socket is gone: then no row can be the one asked for.
  const marks = ports?.filter((port) => Number.isInteger(port)).map((port) => `:${port.toString(16).toUpperCase().padStart(4, '0')} `);
  if (marks?.length === 0) return rows;
  const text = await readKernelTable(file).catch(() => '');
  for (const line of text.split('\n').slice(1)) {
    if (marks && !marks.some((mark) => line.includes(mark))) continue;
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [local, remote, st] = [f[1] as string, f[2] as string, f[3] as string];
    const [la, lp] = local.split(':') as [string, string];
    const [ra, rp] = remote.split(':') as [string, string];
    const [tx, rx] = (f[4] as string).split(':') as [string, string];
    rows.push({
      protocol,
      localAddress: decodeAddress(la),
      localPort: Number.parseInt(lp, 16),
      remoteAddress: decodeAddress(ra),
      remotePort: Number.parseInt(rp, 16),
      state: protocol === 'tcp' ? (TCP_STATES[st.toUpperCase() as keyof typeof TCP_STATES] ?? 'UNKNOWN') : 'UNKNOWN',
      txQueue: Number.parseInt(tx, 16),
      rxQueue: Number.parseInt(rx, 16),
      inode: Number(f[9]),
    });
  }
  return rows;
}

// Every IPv4 and IPv6 socket of the protocol the kernel reports (Linux only; empty elsewhere).
// `ipv6: false` reads only the IPv4 table (half the work for a caller that polls an IPv4 connection).
// `ports`: only sockets with one of these as local or remote port (at least those: a caller still matches
// the rows it wants). A busy machine lists thousands of TIME_WAIT sockets, and decoding them all cost a
// poller ~7 ms of CPU per reading.
// `ipv4: false` reads only the IPv6 table.
export async function inetSockets(protocol: 'tcp' | 'udp', { ipv4 = true, ipv6 = true, ports }: { ipv4?: boolean; ipv6?: boolean; ports?: readonly number[] } = {}): Promise<InetSocketRow[]> {
  const [v4, v6] = await Promise.all([ipv4 ? readTable(protocol, `/proc/net/${protocol}`, ports) : [], ipv6 ? readTable(protocol, `/proc/net/${protocol}6`, ports) : []]);
  return [...v4, ...v6];
}
