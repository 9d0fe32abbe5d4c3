import net from 'node:net';
import { once } from 'node:events';
import { expect, test } from 'vitest';
import { connectPaced } from './paced-connect.ts';
import { StreamClient } from './stream-client.ts';
import { Transcript } from './transcript.ts';
import { launchServer } from '../launch/launch-server.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import { pollUntil } from '../probes/wait-until.ts';

// An in-process echo server with the smallest useful listen backlog.
async function echoServer(backlog: number): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.pipe(socket);
  });
  server.listen({ host: '127.0.0.1', port: 0, backlog });
  await once(server, 'listening');
  return server;
}

test.runIf(process.platform === 'linux')('100 clients get connected together to a server whose listen backlog is 1, and each is echoed', async () => {
  const server = await echoServer(1);
  const endpoint = { kind: 'tcp' as const, host: '127.0.0.1', port: (server.address() as net.AddressInfo).port };
  const transcript = new Transcript();
  const clients = await connectPaced(endpoint, 100, (i) => StreamClient.connect(endpoint, `client ${i + 1}`, transcript));
  try {
    // An overflowed accept queue leaves a "connected" client whose server side waits for a retransmitted
    // handshake: its echo would not come within the default deadline.
    await Promise.all(clients.map(async (c) => {
      await c.send(`${c.label} here`);
      await c.expect(`${c.label} here`);
    }));
    const open = await new Promise<number>((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
    expect(open).toBe(100);
  } finally {
    await Promise.all(clients.map((c) => c[Symbol.asyncDispose]()));
    server.close();
  }
});

test.runIf(process.platform === 'linux')('a server that stops accepting while it serves one client fails with how many got in, and nothing stays open', async () => {
  const iterative = 'import socket,sys\nl=socket.socket()\nl.bind(("127.0.0.1",int(sys.argv[1])))\nl.listen(5)\nc,_=l.accept()\nwhile d:=c.recv(9):c.sendall(d)';
  await using server = await launchServer({ label: 'iterative', command: ['python3', '-c', iterative, '{port}'], endpoint: 'tcp' });
  const transcript = new Transcript();
  const made: StreamClient[] = [];
  const error = await connectPaced(server.endpoint, 10, async (i) => {
    const c = await StreamClient.connect(server.endpoint, `client ${i + 1}`, transcript);
    made.push(c);
    return c;
  }, { stallMs: 300 }).catch((err: unknown) => err);
  expect(isSockgradeError(error, 'E_CONNECT'), String(error)).toBe(true);
  expect((error as Error).message).toMatch(/^only \d of 10 clients could connect: the server accepted \d, then none for 300ms while 2 waited in its listen queue: .*one client at a time/);
  expect(made.length).toBeLessThan(10);
  expect(await pollUntil(async () => made.every((c) => c.ended), 1000), 'every opened client closed').toBe(true);
});
