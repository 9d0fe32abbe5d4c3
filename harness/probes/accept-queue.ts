import { open } from 'node:fs/promises';

// State codes of rows that can sit in the listening section of /proc/net/tcp (LISTEN; SYN_RECV requests on
// kernels before 4.4). The kernel prints that section first (listening hash, then established hash).
const LISTENING_SECTION = new Set(['0A', '03']);

// Sum of rx_queue over the LISTEN rows for the port in one table, reading only the listening section: the
// established part (thousands of rows on a busy machine, TIME_WAIT included) is never generated or parsed.
async function listenQueue(file: string, port: number): Promise<number | undefined> {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const buf = Buffer.alloc(64 * 1024);
    let carry = '';
    let header = true;
    let found: number | undefined;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length);
      if (bytesRead === 0) return found;
      const lines = (carry + buf.toString('latin1', 0, bytesRead)).split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) {
        if (header) {
          header = false;
          continue;
        }
        // "sl local rem st tx:rx …"
        const f = line.trim().split(/\s+/);
        if (!LISTENING_SECTION.has(f[3] ?? '')) return found;
        if (f[3] === '0A' && f[1]?.endsWith(`:${portHex}`)) found = (found ?? 0) + Number.parseInt((f[4] ?? '').split(':')[1] ?? '0', 16);
      }
    }
  } finally {
    await handle.close();
  }
}

// Connections waiting in the accept queue of the socket listening on the TCP port: handshake done, not yet
// accept()ed. For a LISTEN row of /proc/net/tcp the rx_queue column is that count (sk_ack_backlog; see
// get_tcp4_sock in net/ipv4/tcp_ipv4.c). Undefined where it cannot be read (not Linux, no such listener).
export async function acceptQueueLength(port: number): Promise<number | undefined> {
  if (process.platform !== 'linux') return undefined;
  return (await listenQueue('/proc/net/tcp', port)) ?? (await listenQueue('/proc/net/tcp6', port));
}
