import { readKernelTable } from './kernel-table-reading.ts';

// __SO_ACCEPTCON in the Flags column: the socket is listening (include/linux/net.h).
const ACCEPTING = 0x10000;

// One row of /proc/net/unix; see proc(5).
export interface UnixSocketRow {
  readonly listening: boolean;
  // 1 stream, 2 datagram, 5 seqpacket.
  readonly type: number;
  readonly inode: number;
  // '' for a socket bound to no name (a socket pair, say).
  readonly path: string;
}

// Every Unix socket the kernel reports, bound or not (Linux only; empty elsewhere). Abstract names start with "@".
export async function unixSockets(): Promise<UnixSocketRow[]> {
  const text = await readKernelTable('/proc/net/unix').catch(() => '');
  const rows: UnixSocketRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 7) continue;
    rows.push({ listening: (Number.parseInt(f[3] as string, 16) & ACCEPTING) !== 0, type: Number.parseInt(f[4] as string, 16), inode: Number(f[6]), path: f.slice(7).join(' ') });
  }
  return rows;
}

// The inode of the stream socket listening at the path, if any.
export async function unixListenerInode(socketPath: string): Promise<number | undefined> {
  const rows = await unixSockets();
  return rows.find((row) => row.listening && row.type === 1 && row.path === socketPath)?.inode;
}
