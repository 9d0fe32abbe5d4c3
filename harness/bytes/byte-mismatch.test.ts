import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { byteMismatch, readByteMismatch } from './byte-mismatch.ts';
import { patternBytes, toBuffer } from './bytes.ts';
import { StreamClient } from '../clients/stream-client.ts';
import { Transcript } from '../clients/transcript.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';

describe('byteMismatch', () => {
  test('keeps both sides from a little before the first difference, as base64', () => {
    const m = byteMismatch('client 1', toBuffer('hello'), toBuffer('heLLO'));
    expect(m).toEqual({ client: 'client 1', at: 2, expectedLength: 5, receivedLength: 5, keptFrom: 0, expected: toBuffer('hello').toString('base64'), received: toBuffer('heLLO').toString('base64') });
  });

  test('a long payload keeps at most 4096 bytes of each side, from a 16-byte boundary before the difference', () => {
    const expected = patternBytes(1 << 20, 7);
    const received = Buffer.from(expected.subarray(0, 65536));
    received[5000] = (received[5000] as number) ^ 0xff;
    const m = byteMismatch('client 1', expected, received, { streamOffset: 10 });
    expect(m).toMatchObject({ at: 5000, keptFrom: 4928, expectedLength: 1 << 20, receivedLength: 65536, streamOffset: 10 });
    expect(Buffer.from(m.expected, 'base64').equals(expected.subarray(4928, 4928 + 4096))).toBe(true);
    expect(Buffer.from(m.received, 'base64')[5000 - 4928]).toBe(received[5000]);
  });

  test('a short but right reply, or nothing, puts the difference where the received bytes end', () => {
    expect(byteMismatch('c', toBuffer('hello'), toBuffer('he'))).toMatchObject({ at: 2, receivedLength: 2 });
    expect(byteMismatch('c', toBuffer('hello'), Buffer.alloc(0))).toMatchObject({ at: 0, receivedLength: 0, received: '' });
  });

  test('readByteMismatch accepts what byteMismatch made, after a JSON round trip, and nothing else', () => {
    const m = byteMismatch('client 1', toBuffer('abc'), toBuffer('abd'), { streamOffset: 3 });
    expect(readByteMismatch(JSON.parse(JSON.stringify(m)))).toEqual(m);
    expect(readByteMismatch(undefined)).toBeUndefined();
    expect(readByteMismatch({ ...m, at: -1 })).toBeUndefined();
    expect(readByteMismatch({ ...m, expected: 3 })).toBeUndefined();
  });

  test("a StreamClient's failed expect carries the mismatch in its context, counted from the bytes it had consumed", async () => {
    const server = net.createServer((socket) => socket.on('data', (d: Buffer) => socket.write(d.toString().toUpperCase())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = await StreamClient.connect({ kind: 'tcp', host: '127.0.0.1', port: (server.address() as AddressInfo).port }, 'client 1', new Transcript());
    try {
      await client.send('1');
      await client.expect('1');
      await client.send('hello');
      const err = await client.expect('hello').catch((e: unknown) => e);
      expect(isSockgradeError(err, 'E_MISMATCH')).toBe(true);
      const m = readByteMismatch((err as { context: { mismatch?: unknown } }).context.mismatch);
      expect(m).toMatchObject({ client: 'client 1', at: 0, streamOffset: 1, expectedLength: 5 });
      expect(Buffer.from(m?.expected ?? '', 'base64').toString()).toBe('hello');
    } finally {
      await client[Symbol.asyncDispose]();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
