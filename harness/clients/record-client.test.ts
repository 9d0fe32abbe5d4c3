import dgram from 'node:dgram';
import { afterEach, describe, expect, test } from 'vitest';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import { recordReply, unpackRecord } from '../framing/record-codec.ts';
import { RecordClient, recordClients } from './record-client.ts';
import { Transcript } from './transcript.ts';
import { UdpClient } from './udp-client.ts';

const opened: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((close) => close()));
});

// A tiny in-process udp-record server whose answer to each datagram is chosen by the test.
async function recordServer(answer: (data: Buffer, from: dgram.RemoteInfo) => Buffer | undefined, to?: (from: dgram.RemoteInfo) => dgram.RemoteInfo) {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (data, from) => {
    const reply = answer(data, from);
    const target = to ? to(from) : from;
    if (reply) socket.send(reply, target.port, target.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  opened.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  const endpoint = { kind: 'udp', host: '127.0.0.1', port: socket.address().port } as const;
  const transcript = new Transcript();
  return recordClients(async (label) => {
    const client = await UdpClient.open(endpoint, label ?? 'client', transcript);
    opened.push(() => client[Symbol.asyncDispose]());
    return client;
  });
}

const decode = (order: 'little' | 'big') => (data: Buffer): Buffer => {
  if (data.length !== 24) return Buffer.from('ERROR size');
  const r = unpackRecord(data, order);
  const name = r.nameBytes.subarray(0, r.nameBytes.indexOf(0) < 0 ? 16 : r.nameBytes.indexOf(0)).toString('utf8');
  return recordReply({ id: r.id, name, height: Math.fround(r.height) === Math.fround(1.73) ? 1.73 : r.height });
};

describe('RecordClient', () => {
  test('takes answers in any order, and ERROR (or nothing) for datagrams that are not records', async () => {
    const held: [Buffer, dgram.RemoteInfo][] = [];
    const socket = dgram.createSocket('udp4');
    socket.on('message', (data, from) => {
      if (data.length === 3) socket.send('ERROR not a record', from.port, from.address);
      if (data.length !== 24) return;
      held.push([data, from]);
      // Both records answered at once, in reverse order.
      if (held.length === 2) for (const [record, to] of held.reverse()) socket.send(decode('little')(record), to.port, to.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    opened.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
    const endpoint = { kind: 'udp', host: '127.0.0.1', port: socket.address().port } as const;
    const udp = await UdpClient.open(endpoint, 'client 1', new Transcript());
    opened.push(() => udp[Symbol.asyncDispose]());
    const client = new RecordClient(udp);
    await client.sendDatagram(Buffer.alloc(0), 'an empty datagram');
    await client.sendDatagram(Buffer.alloc(3), '3 bytes');
    await client.send({ id: 1, name: 'a', height: 1.5 });
    await client.send({ id: 2, name: 'b', height: 1.8 });
    await client.expectAnswers();
    expect(client.awaited).toEqual([]);
  });

  test('a reply to a datagram that is not a record must start with ERROR', async () => {
    const open = await recordServer((data) => (data.length === 24 ? decode('little')(data) : Buffer.from('0 oops 0.00')));
    const client = await open('client 1');
    await client.sendDatagram(Buffer.alloc(25), '25 bytes');
    await client.send({ id: 1, name: 'a', height: 1.5 });
    await expect(client.expectAnswers()).rejects.toThrow(/sent a datagram that is not a record \(25 bytes\) and received "0 oops 0.00"/);
  });

  test('a big-endian server is named, and confirmed by a probe packed big-endian', async () => {
    const open = await recordServer(decode('big'));
    const client = await open('client 1');
    await client.send({ id: 7, name: 'alice', height: 1.73 });
    const failure = await client.expectAnswers().catch((err: unknown) => err);
    expect(isSockgradeError(failure, 'E_MISMATCH')).toBe(true);
    expect((failure as Error).message).toContain('a probe with the same record packed big-endian (">i16sf") was answered correctly: so the record was unpacked big-endian');
  });

  test('a correct server passes; an answer sent to another client is named', async () => {
    let first: dgram.RemoteInfo | undefined;
    const open = await recordServer(decode('little'), (from) => (first ??= from));
    const one = await open('client 1');
    const two = await open('client 2');
    await one.send({ id: 1, name: 'one', height: 1.5 });
    await one.expectAnswers();
    await two.send({ id: 2, name: 'two', height: 1.5 });
    const failure = await two.expectAnswers({ timeoutMs: 300 }).catch((err: unknown) => err);
    expect((failure as Error).message).toContain('the answer went to client 1');
  });
});
