import net from 'node:net';
import { once } from 'node:events';
import { expect, test } from 'vitest';
import { connectionEnds, deliveredAndRead, serverEndGone } from './tcp-connections.ts';
import { pollUntil } from './wait-until.ts';

// A dual-stack server (bound to "::", as Node, Java and Go listen by default) keeps its end of an IPv4
// connection in /proc/net/tcp6 as ::ffff:127.0.0.1, while the client's end is in /proc/net/tcp. Read from
// the tables (no host given), or looked up by address (sock_diag, which shows the address asked for).
test.runIf(process.platform === 'linux').for([
  { how: 'the tables', options: { ipv6: false }, serverAddress: '::ffff:127.0.0.1' },
  { how: 'an exact lookup', options: { host: '127.0.0.1', ipv6: false }, serverAddress: '127.0.0.1' },
])("a dual-stack server's end of an IPv4 connection is found, read or unread, then gone (through $how)", async ({ options, serverAddress }, context) => {
  const server = net.createServer({ pauseOnConnect: true });
  const accepted: net.Socket[] = [];
  server.on('connection', (socket) => {
    socket.on('error', () => undefined);
    accepted.push(socket);
  });
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ port: 0, host: '::', ipv6Only: false }, () => resolve(true));
  });
  if (!listening) return context.skip('no IPv6 on this machine');
  const port = (server.address() as net.AddressInfo).port;
  const client = net.connect(port, '127.0.0.1');
  await once(client, 'connect');
  const clientPort = client.localPort as number;
  try {
    expect(await pollUntil(async () => accepted.length === 1, 2000)).toBe(true);
    const { server: end } = await connectionEnds(port, clientPort, options);
    expect(end).toMatchObject({ localAddress: serverAddress, state: 'ESTABLISHED' });
    // Bytes the server has not read yet (it is paused): not delivered and read.
    client.write('unread by the server');
    expect(await pollUntil(async () => (await connectionEnds(port, clientPort, options)).server?.rxQueue === 20, 2000)).toBe(true);
    expect(await deliveredAndRead(port, clientPort, options)).toBe(false);
    accepted[0]?.resume();
    expect(await pollUntil(() => deliveredAndRead(port, clientPort, options), 2000)).toBe(true);
    expect(await serverEndGone(port, clientPort, options)).toBe(false);
    client.resetAndDestroy();
    expect(await pollUntil(() => serverEndGone(port, clientPort, options), 2000)).toBe(true);
  } finally {
    client.destroy();
    for (const socket of accepted) socket.destroy();
    server.close();
  }
});
