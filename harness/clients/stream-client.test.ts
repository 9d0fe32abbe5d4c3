import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { StreamClient } from './stream-client.ts';
import { Transcript } from './transcript.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import { serverEndGone } from '../probes/tcp-connections.ts';

let servers: net.Server[] = [];
let sockets: net.Socket[] = [];
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
  sockets = [];
});

// An in-process server with the given connection behaviour; returns a connected client.
async function clientOf(onConnection: (socket: net.Socket) => void): Promise<StreamClient> {
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return StreamClient.connect({ kind: 'tcp', host: '127.0.0.1', port }, 'client 1', new Transcript());
}

describe('StreamClient', () => {
  test('expect passes on the exact bytes, however they are split', async () => {
    const client = await clientOf((s) => s.on('data', (d: Buffer) => { for (const b of d) s.write(Buffer.from([b])); }));
    await client.send('hello world');
    await client.expect('hello world');
    await client.close();
  });

  test('expect fails at the first wrong byte without waiting for the deadline', async () => {
    const client = await clientOf((s) => s.on('data', (d: Buffer) => s.write(d.toString().toUpperCase())));
    await client.send('hello');
    const started = performance.now();
    const failure = await client.expect('hello', { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(4000);
    expect(isSockgradeError(failure, 'E_MISMATCH')).toBe(true);
    expect((failure as Error).message).toContain('received  5 bytes "HELLO"');
  });

  test('expect reports an early close with how much arrived', async () => {
    const client = await clientOf((s) => s.once('data', () => s.end('he')));
    await client.send('hello');
    const failure = await client.expect('hello').catch((e: unknown) => e);
    expect(isSockgradeError(failure, 'E_EARLY_EOF')).toBe(true);
    expect((failure as Error).message).toContain('the server closed the connection after sending 2 of them');
  });

  test('expect times out naming what it waited for', async () => {
    const client = await clientOf(() => undefined);
    await client.send('anyone?');
    const failure = await client.expect('anyone?', { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(isSockgradeError(failure, 'E_TIMEOUT')).toBe(true);
    expect((failure as Error).message).toMatch(/^client 1 waited 100ms for 7 bytes back but received 0/);
  });

  test('half-close then read to EOF; an RST from the server is reported as a reset', async () => {
    const client = await clientOf((s) => s.on('end', () => s.end('bye')));
    await client.shutdownWrite();
    expect((await client.readUntilEof()).toString()).toBe('bye');

    const reset = await clientOf((s) => s.once('data', () => s.resetAndDestroy()));
    await reset.send('x');
    const failure = await reset.expect('x').catch((e: unknown) => e);
    expect(isSockgradeError(failure, 'E_RESET')).toBe(true);
    expect(reset.transcript.render()).toContain('ECONNRESET');
  });

  test('takeWhen takes what the reader found, or what arrived when the connection ended', async () => {
    const client = await clientOf((s) => s.on('data', () => s.write('HEAD\r\n\r\nbody')));
    await client.send('go');
    const head = await client.takeWhen((p) => {
      const at = p.indexOf('\r\n\r\n');
      return at < 0 ? undefined : at + 4;
    });
    expect(head).toEqual({ bytes: Buffer.from('HEAD\r\n\r\n') });
    expect((await client.take(4)).bytes.toString()).toBe('body');
    const quiet = await client.takeWhen(() => undefined, { timeoutMs: 50 });
    expect(quiet).toEqual({ bytes: Buffer.alloc(0), ended: 'timeout' });

    const closing = await clientOf((s) => s.once('data', () => s.end('partial')));
    await closing.send('go');
    expect(await closing.takeWhen(() => undefined)).toEqual({ bytes: Buffer.from('partial'), ended: 'eof' });
  });

  test.runIf(process.platform === 'linux')('reset() resolves once the server end of the connection is gone from the kernel table', async () => {
    const client = await clientOf(() => undefined);
    await client.send('unread');
    const { port } = client.endpoint as { port: number };
    const clientPort = client.localPort as number;
    expect(await serverEndGone(port, clientPort)).toBe(false);
    await client.reset();
    expect(await serverEndGone(port, clientPort)).toBe(true);
    expect(client.transcript.render()).toContain('client reset the connection (RST)');
  });
});
