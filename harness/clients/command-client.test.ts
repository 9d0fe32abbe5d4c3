import net from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { jsonFrame } from '../framing/json-frame.ts';
import { pack } from '../framing/struct.ts';
import { commands } from './command-client.ts';
import { StreamClient } from './stream-client.ts';
import { Transcript } from './transcript.ts';

const opened: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((close) => close()));
});

// An in-process "json-command server": each command received is answered with the bytes reply() gives.
async function serve(reply: (command: string) => Buffer | Buffer[]) {
  const server = net.createServer((socket) => {
    socket.on('data', (data) => {
      const out = reply(data.toString('utf8'));
      for (const part of Array.isArray(out) ? out : [out]) socket.write(part);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  opened.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const endpoint = { kind: 'tcp', host: '127.0.0.1', port: (server.address() as net.AddressInfo).port } as const;
  const stream = await StreamClient.connect(endpoint, 'client 1', new Transcript());
  opened.push(() => stream[Symbol.asyncDispose]());
  return commands(stream);
}

// A reply as the seed builds it: struct "i" header length, JSON header, body.
const seedReply = (body: Buffer | string, header: Record<string, unknown> = {}): Buffer => {
  const bytes = Buffer.from(body);
  const json = Buffer.from(JSON.stringify({ total_size: bytes.length, ...header }));
  return Buffer.concat([pack('<i', json.length), json, bytes]);
};

describe('CommandClient', () => {
  test('reads replies with the length in either byte order; an empty output has no body', async () => {
    const client = await serve((cmd) => (cmd === 'true' ? jsonFrame({ total_size: 0 }) : seedReply(`${cmd.slice(5)}\n`, { extra: 'kept' })));
    const frame = await client.run('echo hi', { stdout: 'hi\n' });
    expect(frame).toMatchObject({ byteOrder: 'little', header: { total_size: 3, extra: 'kept' } });
    expect((await client.run('true', {})).byteOrder).toBe('big');
  });

  test('a header length counted in characters is named with the real length', async () => {
    const client = await serve((cmd) => {
      const header = JSON.stringify({ cmd, total_size: 3 });
      return Buffer.concat([pack('<i', header.length), Buffer.from(header), Buffer.from('ok\n')]);
    });
    await expect(client.run('echo ✓', { stdout: 'ok\n' })).rejects.toMatchObject({ code: 'E_FRAMING', message: expect.stringContaining('is its length in characters') });
  });

  test('a body shorter than total_size is E_FRAMING once nothing more comes', async () => {
    const client = await serve(() => Buffer.concat([jsonFrame({ total_size: 10 }), Buffer.from('only5')]));
    await expect(client.run('x', { stdout: '0123456789' }, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'E_FRAMING', message: expect.stringContaining('after 5 of them') });
  });

  test('a wrong md5 and a header that is not an object are E_FRAMING', async () => {
    const bad = await serve(() => jsonFrame({ total_size: 2, md5: 'xxdxxx' }, 'hi'));
    await expect(bad.run('x', { stdout: 'hi' })).rejects.toMatchObject({ code: 'E_FRAMING', message: expect.stringContaining('"md5"') });
    const list = await serve(() => Buffer.concat([pack('!I', 3), Buffer.from('[1]')]));
    await expect(list.run('x', {})).rejects.toMatchObject({ code: 'E_FRAMING', message: expect.stringContaining('not an object') });
  });

  test('stdout and stderr sent as two replies are named as replies stuck together', async () => {
    const client = await serve(() => [seedReply('out\n'), seedReply('err\n')]);
    await expect(client.run('echo out; echo err >&2', { stdout: 'out\n', stderr: 'err\n' })).rejects.toMatchObject({ code: 'E_FRAMING', message: expect.stringContaining('two replies stuck together') });
  });

  test('bytes left after a reply are found before the next command', async () => {
    const client = await serve(() => [seedReply('a\n'), seedReply('a\n')]);
    await client.run('echo a', { stdout: 'a\n' });
    await vi.waitFor(() => expect(client.stream.unreadBytes).toBe(seedReply('a\n').length));
    await expect(client.run('echo a', { stdout: 'a\n' })).rejects.toMatchObject({ code: 'E_FRAMING', message: expect.stringContaining('followed the reply to "echo a": a second reply') });
  });

  test('runAnyReply takes a close without a reply as an answer', async () => {
    const server = net.createServer((socket) => socket.once('data', () => socket.end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    opened.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const stream = await StreamClient.connect({ kind: 'tcp', host: '127.0.0.1', port: (server.address() as net.AddressInfo).port }, 'client 1', new Transcript());
    opened.push(() => stream[Symbol.asyncDispose]());
    expect(await commands(stream).runAnyReply(Buffer.from([0xff]))).toBe('closed');
  });
});
