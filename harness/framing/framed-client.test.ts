import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { StreamClient } from '../clients/stream-client.ts';
import { Transcript } from '../clients/transcript.ts';
import { byteAtATime, randomSplits } from '../clients/stream-shaping.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import { framed } from './framed-client.ts';
import { FrameDecoder, frame } from './length-prefixed.ts';

let servers: net.Server[] = [];
let accepted: net.Socket[] = [];
afterEach(async () => {
  for (const socket of accepted) socket.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
  accepted = [];
});

// An in-process server; returns a function that connects clients to it.
async function serve(onConnection: (socket: net.Socket) => void): Promise<(label?: string) => Promise<StreamClient>> {
  const server = net.createServer((socket) => {
    accepted.push(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const transcript = new Transcript();
  let n = 0;
  return (label) => StreamClient.connect({ kind: 'tcp', host: '127.0.0.1', port }, label ?? `client ${++n}`, transcript);
}

// Answers each complete message; `reply` decides what goes back for a payload.
function framedServer(reply: (payload: Buffer) => Buffer) {
  return (socket: net.Socket): void => {
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      for (const payload of decoder.push(chunk)) socket.write(reply(payload));
    });
  };
}

describe('FramedClient', () => {
  test('a correct server passes, however the messages are cut', async () => {
    const connect = await serve(framedServer(frame));
    const client = framed(await connect());
    await client.send(['one', '', 'three']);
    await client.send('dribbled', byteAtATime);
    await client.send(['x', 'yy', 'zzz', 'many more bytes'], randomSplits(3));
    await client.expectReplies();
    await client.stream.send(frame('raw'));
    expect(await client.readMessage()).toEqual(Buffer.from('raw'));
  });

  test('a reply written little-endian is named', async () => {
    const connect = await serve(framedServer((p) => Buffer.concat([Buffer.from([p.length, 0, 0, 0]), p])));
    const client = framed(await connect());
    await client.send('hello');
    const failure = await client.expectReplies().catch((e: unknown) => e);
    expect(isSockgradeError(failure, 'E_FRAMING')).toBe(true);
    expect((failure as Error).message).toContain('client 1 sent message 1 in one write; reply 1 has the length header 05 00 00 00');
    expect((failure as Error).message).toContain('looks like the length was read or written little-endian');
  });

  test('a server that reads the length little-endian is found by the probe', async () => {
    const connect = await serve((socket) => {
      let buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        while (buffer.length >= 4 && buffer.length >= 4 + buffer.readUInt32LE(0)) {
          const n = buffer.readUInt32LE(0);
          socket.write(buffer.subarray(0, 4 + n));
          buffer = buffer.subarray(4 + n);
        }
      });
    });
    const client = framed(await connect(), { connect });
    await client.send('hello');
    const failure = await client.expectReplies({ timeoutMs: 300 }).catch((e: unknown) => e);
    expect((failure as Error).message).toContain('no reply within 300ms; its header 00 00 00 05 read little-endian announces 83886080 bytes, and a probe with the length written little-endian was answered');
  });

  test('a server that merges a coalesced write into one reply is named', async () => {
    const connect = await serve((socket) => socket.on('data', (chunk: Buffer) => socket.write(frame(chunk.subarray(4)))));
    const client = framed(await connect());
    await client.send(['a', 'bc', 'def']);
    const failure = await client.expectReplies().catch((e: unknown) => e);
    expect((failure as Error).message).toContain("client 1 sent message 1 of 3 in one write; reply 1 declares 14 payload bytes instead of 1: message 1's payload followed by the next 2 messages");
    expect((failure as Error).message).toContain('looks like replies merged after a coalesced write');
  });
});
