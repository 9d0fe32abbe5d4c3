import { socketInodes } from '../probes/process-sockets.ts';
import type { ListenerRow } from '../probes/accept-queue.ts';
import { unixSockets } from '../probes/unix-sockets.ts';

// Each reading of the kernel's TCP tables walks every bucket of its connection hash (established_get_first):
// 0.5 ms of kernel time for /proc/net/tcp, 1.8 ms for an empty /proc/net/tcp6 on this machine. Nine servers
// polled every 40 ms through a 10 s start timeout kept a core busy, taking it from the servers themselves.
// The gate says when a reading could find something new: only while one of the server's processes holds an
// inet socket not yet seen listening on another port. A server still computing or importing, or waiting
// forever before socket(), costs a look at its descriptors; one listening on a hard-coded port, one reading.
// Where sock_diag answers (sock-diag.ts) a reading is cheap and the tables are not walked: the gate matters
// where they are read.
export class SocketGate {
  readonly #processes: () => Promise<readonly number[]>;
  // Sockets that cannot become the awaited listener: Unix-domain ones (the server's stdout and stderr are
  // socket pairs, libuv's pipes), and inet ones seen listening on another port (a listener keeps its port).
  readonly #settled = new Set<number>();
  #inodes = new Set<number>();

  constructor(processes: () => Promise<readonly number[]>) {
    this.#processes = processes;
  }

  // True when the tables are worth reading now.
  async open(): Promise<boolean> {
    this.#inodes = await socketInodes(await this.#processes());
    let unknown = [...this.#inodes].filter((inode) => !this.#settled.has(inode));
    if (unknown.length === 0) return false;
    const unix = new Set((await unixSockets()).map((row) => row.inode));
    for (const inode of unknown) if (unix.has(inode)) this.#settled.add(inode);
    unknown = unknown.filter((inode) => !this.#settled.has(inode));
    return unknown.length > 0;
  }

  // Remembers which of the server's sockets listen on another port than the one awaited.
  settle(listeners: readonly ListenerRow[], port: number): void {
    for (const row of listeners) if (row.port !== port && this.#inodes.has(row.inode)) this.#settled.add(row.inode);
  }
}
