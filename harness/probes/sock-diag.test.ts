import net from 'node:net';
import { once } from 'node:events';
import { expect, test } from 'vitest';
import { tcpListenersByDiag, tcpPortInUse, tcpSocketByAddresses } from './sock-diag.ts';
import { pollUntil } from './wait-until.ts';

const at = (port: number) => ({ address: '127.0.0.1', port });

test.runIf(process.platform === 'linux')('finds each end of a connection by its addresses, with its queues, and nothing once it is gone', async () => {
  const server = net.createServer({ pauseOnConnect: true });
  const accepted: net.Socket[] = [];
  server.on('connection', (socket) => accepted.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  const client = net.connect(port, '127.0.0.1');
  await once(client, 'connect');
  const clientPort = client.localPort as number;
  try {
    // No helper on this machine would make every lookup null: the test fails rather than pass on the tables.
    expect(await tcpSocketByAddresses(at(clientPort), at(port))).toMatchObject({ state: 'ESTABLISHED', localPort: clientPort, remotePort: port });
    client.write('twelve bytes');
    // The server is paused: the bytes wait in its end's receive queue.
    expect(await pollUntil(async () => (await tcpSocketByAddresses(at(port), at(clientPort)))?.rxQueue === 12, 2000)).toBe(true);
    // The listener itself is not an end of this connection (the kernel's lookup falls back to it).
    expect(await tcpSocketByAddresses(at(port), at(clientPort === 65535 ? 1 : clientPort + 1))).toBeUndefined();
    client.resetAndDestroy();
    expect(await pollUntil(async () => (await tcpSocketByAddresses(at(port), at(clientPort))) === undefined, 2000)).toBe(true);
  } finally {
    client.destroy();
    for (const socket of accepted) socket.destroy();
    server.close();
  }
});

test.runIf(process.platform === 'linux')('many lookups at once each get their own answer', async () => {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  const clients = await Promise.all(Array.from({ length: 20 }, async () => {
    const client = net.connect(port, '127.0.0.1');
    await once(client, 'connect');
    return client;
  }));
  try {
    const rows = await Promise.all(clients.map((c) => tcpSocketByAddresses(at(c.localPort as number), at(port))));
    expect(rows.map((row) => row?.localPort)).toEqual(clients.map((c) => c.localPort));
  } finally {
    for (const client of clients) client.destroy();
    server.close();
  }
});

test.runIf(process.platform === 'linux')('lists the listening sockets of each family', async () => {
  const v4 = net.createServer().listen(0, '127.0.0.1');
  const v6 = net.createServer().listen({ port: 0, host: '::', ipv6Only: false });
  await Promise.all([once(v4, 'listening'), once(v6, 'listening')]);
  try {
    const [port4, port6] = [v4, v6].map((s) => (s.address() as net.AddressInfo).port);
    const [rows4, rows6] = await Promise.all([tcpListenersByDiag(4), tcpListenersByDiag(6)]);
    expect(rows4?.find((row) => row.port === port4)).toMatchObject({ acceptQueue: 0, inode: expect.any(Number) });
    expect(rows4?.some((row) => row.port === port6)).toBe(false);
    expect(rows6?.some((row) => row.port === port6)).toBe(true);
  } finally {
    v4.close();
    v6.close();
  }
});

test.runIf(process.platform === 'linux')('a port is in use while a listener or a TIME_WAIT connection holds it, and free after', async () => {
  const server = net.createServer((socket) => socket.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  expect(await tcpPortInUse(port)).toBe(true);
  // The server closes first, so its end waits in TIME_WAIT after the listener is gone.
  const client = net.connect(port, '127.0.0.1');
  client.resume();
  await once(client, 'end');
  client.end();
  await once(client, 'close');
  server.close();
  await once(server, 'close');
  expect(await tcpPortInUse(port)).toBe(true);
  const other = net.createServer().listen(0, '127.0.0.1');
  await once(other, 'listening');
  const freed = (other.address() as net.AddressInfo).port;
  other.close();
  await once(other, 'close');
  expect(await tcpPortInUse(freed)).toBe(false);
});
