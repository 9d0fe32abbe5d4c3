import net from 'node:net';
import { once } from 'node:events';
import { expect, test } from 'vitest';
import { acceptQueueLength, tcpListeners } from './accept-queue.ts';

test.runIf(process.platform === 'linux')('finds a listener and its accept queue, read in small pieces past many connections', async () => {
  // A listener with 120 connections accepted, so the table's established section spans many reads, and
  // a port that was listened on and closed.
  const closed = net.createServer().listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const closedPort = (closed.address() as net.AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const busy = net.createServer((socket) => socket.pause());
  busy.listen(0, '127.0.0.1', 512);
  await once(busy, 'listening');
  const port = (server: net.Server): number => (server.address() as net.AddressInfo).port;
  const clients: net.Socket[] = [];
  try {
    for (let i = 0; i < 120; i++) clients.push(await connected(port(busy)));
    const rows = await tcpListeners(port(busy));
    expect(rows.map((row) => row.port)).toEqual([port(busy)]);
    expect(await tcpListeners(port(busy), { ipv4: false })).toEqual([]);
    expect(await acceptQueueLength(port(busy))).toBe(0);
    expect(await acceptQueueLength(closedPort)).toBeUndefined();
    const all = await tcpListeners();
    expect(all.some((row) => row.port === port(busy))).toBe(true);
  } finally {
    for (const client of clients) client.destroy();
    busy.close();
  }
});

function connected(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}
