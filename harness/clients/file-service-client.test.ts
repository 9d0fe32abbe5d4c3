import net from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { jsonFrame } from '../framing/json-frame.ts';
import { fileService, md5Hex } from './file-service-client.ts';
import { StreamClient } from './stream-client.ts';
import { Transcript } from './transcript.ts';

const opened: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((close) => close()));
});

// An in-process file service over a Map, reading request headers with the given byte order.
async function serve(order: 'big' | 'little') {
  const files = new Map<string, Buffer>([['a.txt', Buffer.from('hello')]]);
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (buffer.length < 4) return;
        const length = order === 'big' ? buffer.readUInt32BE(0) : buffer.readUInt32LE(0);
        if (length > 65536 || buffer.length < 4 + length) return;
        const request = JSON.parse(buffer.subarray(4, 4 + length).toString()) as { cmd: string; filename?: string; total_size?: number };
        const size = request.total_size ?? 0;
        if (buffer.length < 4 + length + size) return;
        const body = buffer.subarray(4 + length, 4 + length + size);
        buffer = buffer.subarray(4 + length + size);
        const name = request.filename ?? '';
        if (request.cmd === 'list') socket.write(jsonFrame({ status: 'ok', files: [...files.keys()] }, '', order));
        else if (request.cmd === 'get' && files.has(name)) socket.write(jsonFrame({ status: 'ok', total_size: files.get(name)!.length, md5: md5Hex(files.get(name)!) }, files.get(name)!, order));
        else if (request.cmd === 'put' && !name.includes('/')) {
          files.set(name, Buffer.from(body));
          socket.write(jsonFrame({ status: 'ok' }, '', order));
        } else socket.write(jsonFrame({ status: 'error', error: 'no' }, '', order));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  opened.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const endpoint = { kind: 'tcp', host: '127.0.0.1', port: (server.address() as net.AddressInfo).port } as const;
  const transcript = new Transcript();
  const connect = async (label?: string) => {
    const stream = await StreamClient.connect(endpoint, label ?? 'client', transcript);
    opened.push(() => stream[Symbol.asyncDispose]());
    return stream;
  };
  return fileService(await connect('client 1'), { connect });
}

describe('FileServiceClient', () => {
  test('list, get, put and an expected error', async () => {
    const client = await serve('big');
    expect(await client.list()).toEqual(['a.txt']);
    expect((await client.get('a.txt')).toString()).toBe('hello');
    await client.put('b.bin', Buffer.from([0, 1, 2]), { md5: true });
    expect(await client.get('b.bin')).toEqual(Buffer.from([0, 1, 2]));
    expect(await client.expectError({ cmd: 'put', filename: '../x', total_size: 2 }, 'xy')).toBe('no');
    await expect(client.expectError({ cmd: 'get', filename: 'a.txt' })).rejects.toMatchObject({ code: 'E_MISMATCH', message: expect.stringContaining('received {"status":"ok"') });
  });

  test('a server reading the header length little-endian is confirmed by a probe', async () => {
    const client = await serve('little');
    await expect(client.list({ timeoutMs: 300 })).rejects.toMatchObject({ code: 'E_FRAMING', message: expect.stringContaining('a probe with the header length written little-endian was answered') });
  });
});
