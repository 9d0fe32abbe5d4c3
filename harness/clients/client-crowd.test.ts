import net from 'node:net';
import { expect, test } from 'vitest';
import { ClientCrowd, crowdFailure } from './client-crowd.ts';
import { Transcript } from './transcript.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { Endpoint } from '../launch/endpoint.ts';

// An in-process echo server; `mute` clients (by arrival order) get nothing back.
async function echoServer(mute: (index: number) => boolean): Promise<{ endpoint: Endpoint } & AsyncDisposable> {
  let arrivals = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    if (!mute(arrivals++)) socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    endpoint: { kind: 'tcp', host: '127.0.0.1', port },
    [Symbol.asyncDispose]: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

test('runs every client\'s script at once and passes when all are served', async () => {
  await using server = await echoServer(() => false);
  await using crowd = await ClientCrowd.open(server.endpoint, 50, new Transcript());
  expect(crowd.size).toBe(50);
  await crowd.run(async (c) => {
    await c.send(`hello from ${c.label}`);
    await c.expect(`hello from ${c.label}`);
  });
});

test('reports every failed client in one error, the rest counted', async () => {
  await using server = await echoServer((i) => i % 10 === 3);
  await using crowd = await ClientCrowd.open(server.endpoint, 20, new Transcript(), { shownFailures: 1 });
  const error = await crowd.run(async (c) => {
    await c.send('ping');
    await c.expect('ping', { timeoutMs: 300 });
  }, { lead: () => 'some were ignored' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SockgradeError);
  expect((error as SockgradeError).code).toBe('E_CLIENTS');
  expect((error as SockgradeError).shortMessage).toMatch(/^2 of 20 clients failed \(some were ignored\): client \d+: waited 300ms .*; … and 1 more$/);
});

test('crowdFailure names the clients without repeating their label', () => {
  const error = crowdFailure(3, [{ label: 'client 2', error: new SockgradeError('E_TIMEOUT', 'client 2 waited 5ms') }]);
  expect(error.shortMessage).toBe('1 of 3 clients failed: client 2: waited 5ms');
});
