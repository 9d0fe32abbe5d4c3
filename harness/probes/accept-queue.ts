import { open } from 'node:fs/promises';
import { tcpListenersByDiag } from './sock-diag.ts';

// State codes of rows that can sit in the listening section of /proc/net/tcp (LISTEN; SYN_RECV requests on
// kernels before 4.4). The kernel prints that section first (listening hash, then established hash).
const LISTENING_SECTION = new Set(['0A', '03']);

// One LISTEN row: its port, accept queue (rx_queue) and socket inode.
export interface ListenerRow {
  readonly port: number;
  readonly acceptQueue: number;
  readonly inode: number;
}

// How much of a table is asked for per read. The kernel generates rows only until a read is filled (a
// seq_file), walking its whole established-connection hash (262,144 buckets here) to fill one that reaches
// past the listening section: 64 KiB reads cost ~6 ms of kernel CPU per reading of /proc/net/tcp, 1 KiB
// reads ~0.05 ms. Records are under 200 bytes and the kernel's buffer a page, so a read comes back
// short only at the end of the table: no second read (and second walk) is needed to see the end.
const READ_BYTES = 1024;

// The LISTEN rows for the port in one table (every port when port is undefined): from sock_diag where it
// answers (sock-diag.ts), else reading only the table's listening section, so the established part
// (thousands of rows on a busy machine, TIME_WAIT included) is generated only as far as the first row.
async function listenersIn(file: string, port: number | undefined): Promise<ListenerRow[]> {
  const listed = await tcpListenersByDiag(file.endsWith('6') ? 6 : 4);
  if (listed) return port === undefined ? listed : listed.filter((row) => row.port === port);
  const portSuffix = port === undefined ? undefined : `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return [];
  const found: ListenerRow[] = [];
  try {
    const buf = Buffer.alloc(READ_BYTES);
    let carry = '';
    let header = true;
    for (let atEnd = false; !atEnd; ) {
      const { bytesRead } = await handle.read(buf, 0, buf.length);
      atEnd = bytesRead < buf.length;
      const lines = (carry + buf.toString('latin1', 0, bytesRead)).split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) {
        if (header) {
          header = false;
          continue;
        }
        // "sl local rem st tx:rx tr:when retrnsmt uid timeout inode …"
        const f = line.trim().split(/\s+/);
        if (!LISTENING_SECTION.has(f[3] ?? '')) return found;
        if (f[3] === '0A' && (portSuffix === undefined || f[1]?.endsWith(portSuffix))) {
          found.push({ port: Number.parseInt(f[1]?.split(':')[1] ?? '', 16), acceptQueue: Number.parseInt((f[4] ?? '').split(':')[1] ?? '0', 16), inode: Number(f[9]) });
        }
      }
    }
    return found;
  } finally {
    await handle.close();
  }
}

// Every socket listening on the TCP port (on any port when undefined), IPv4 and IPv6 unless one is left
// out (Linux; empty elsewhere).
export async function tcpListeners(port?: number, { ipv4 = true, ipv6 = true }: { ipv4?: boolean; ipv6?: boolean } = {}): Promise<ListenerRow[]> {
  if (process.platform !== 'linux') return [];
  const [v4, v6] = await Promise.all([ipv4 ? listenersIn('/proc/net/tcp', port) : [], ipv6 ? listenersIn('/proc/net/tcp6', port) : []]);
  return [...v4, ...v6];
}

// Connections waiting in the accept queue of the socket listening on the TCP port: handshake done, not yet
// accept()ed. For a LISTEN row of /proc/net/tcp the rx_queue column is that count (sk_ack_backlog; see
// get_tcp4_sock in net/ipv4/tcp_ipv4.c). Undefined where it cannot be read (not Linux, no such listener).
export async function acceptQueueLength(port: number): Promise<number | undefined> {
  if (process.platform !== 'linux') return undefined;
  const v4 = await listenersIn('/proc/net/tcp', port);
  const rows = v4.length > 0 ? v4 : await listenersIn('/proc/net/tcp6', port);
  return rows.length === 0 ? undefined : rows.reduce((sum, row) => sum + row.acceptQueue, 0);
}
