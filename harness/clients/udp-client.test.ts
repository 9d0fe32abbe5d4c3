import dgram from 'node:dgram';
import { afterEach, describe, expect, test } from 'vitest';
import { UdpClient } from './udp-client.ts';
import { Transcript } from './transcript.ts';
import { diagnoseDatagram } from './datagram-diagnosis.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';

// A tiny in-process UDP server whose answer to each datagram is chosen by the test.
async function udpServer(answer: (data: Buffer, reply: (bytes: Buffer) => void) => void) {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (data, from) => answer(data, (bytes) => socket.send(bytes, from.port, from.address)));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const endpoint = { kind: 'udp', host: '127.0.0.1', port: socket.address().port } as const;
  opened.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { endpoint, socket };
}

const opened: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((close) => close()));
});

async function client(endpoint: { kind: 'udp'; host: string; port: number }, label = 'client 1', peers?: () => readonly UdpClient[]) {
  const c = await UdpClient.open(endpoint, label, new Transcript(), peers ? { peers } : {});
  opened.push(() => c[Symbol.asyncDispose]());
  return c;
}

describe('UdpClient', () => {
  test('expects exact datagrams, empty ones included, and records each as its own event', async () => {
    const { endpoint } = await udpServer((data, reply) => reply(data));
    const c = await client(endpoint);
    await c.send('hello');
    await c.expect('hello');
    await c.send('');
    await c.expect('');
    await c.expectSilence({ quietMs: 50 });
    expect(c.transcript.events.filter((e) => e.kind === 'recvfrom').map((e) => e.bytes?.length)).toEqual([5, 0]);
  });

  test('expectAll takes replies in any order', async () => {
    const held: [Buffer, (b: Buffer) => void][] = [];
    const { endpoint } = await udpServer((data, reply) => {
      held.push([data, reply]);
      if (held.length === 3) for (const [d, r] of held.reverse()) r(d);
    });
    const c = await client(endpoint);
    for (const d of ['a', 'bb', 'ccc']) await c.send(d);
    await c.expectAll(['a', 'bb', 'ccc']);
  });

  test('a reply from another address is E_WRONG_SOURCE', async () => {
    const other = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => other.bind(0, '127.0.0.1', resolve));
    opened.push(() => new Promise<void>((resolve) => other.close(() => resolve())));
    const { endpoint } = await udpServer(() => undefined);
    const c = await client(endpoint);
    await c.send('x');
    other.send('x', c.localPort, '127.0.0.1');
    const failure = await c.expect('x').catch((err: unknown) => err);
    expect(isSockgradeError(failure, 'E_WRONG_SOURCE')).toBe(true);
    expect((failure as Error).message).toContain(`not from the server's address 127.0.0.1:${endpoint.port}`);
  });

  test('a truncated reply is named as such', async () => {
    const { endpoint } = await udpServer((data, reply) => reply(data.subarray(0, 512)));
    const c = await client(endpoint);
    await c.send(Buffer.alloc(1024, 7));
    await expect(c.expect(Buffer.alloc(1024, 7))).rejects.toThrow('it is the first 512 bytes of a 1024-byte datagram: truncated');
  });

  test('a missing reply that went to another client says so', async () => {
    let first: ((b: Buffer) => void) | undefined;
    const { endpoint } = await udpServer((data, reply) => (first ??= reply)(data));
    const clients: UdpClient[] = [];
    const peers = () => clients;
    clients.push(await client(endpoint, 'client 1', peers), await client(endpoint, 'client 2', peers));
    const [one, two] = clients as [UdpClient, UdpClient];
    await one.send('from one');
    await one.expect('from one');
    await two.send('from two');
    await expect(two.expect('from two', { timeoutMs: 300 })).rejects.toThrow('the reply went to client 1');
  });

  test('an extra datagram breaks silence', async () => {
    const { endpoint } = await udpServer((data, reply) => {
      reply(data);
      reply(data);
    });
    const c = await client(endpoint);
    await c.send('twice');
    await c.expect('twice');
    await expect(c.expectSilence({ quietMs: 500 })).rejects.toThrow('expected no more datagrams');
  });

  test('refuses to keep more than 8 datagrams in flight', async () => {
    const { endpoint } = await udpServer(() => undefined);
    const c = await client(endpoint);
    for (let i = 0; i < 8; i++) await c.send(`d${i}`);
    expect(() => c.send('one too many')).toThrow(/8 datagrams unanswered/);
  });
});

describe('diagnoseDatagram', () => {
  const b = (s: string) => Buffer.from(s);
  test('joined datagrams, with their senders', () => {
    expect(diagnoseDatagram(b('onetwo'), [b('one'), b('two')], new Map())).toMatch(/^it is 2 datagrams joined into one:/);
    expect(diagnoseDatagram(b('mineyours'), [b('mine')], new Map([['client 2', [b('yours')]]]), 'client 1')).toContain('(sent by client 1, client 2)');
  });
  test('bytes another client sent', () => {
    expect(diagnoseDatagram(b('yours'), [b('mine')], new Map([['client 2', [b('yours')]]]))).toContain('these are the bytes client 2 sent');
  });
  test('nothing recognisable', () => {
    expect(diagnoseDatagram(b('???'), [b('mine')], new Map())).toBeUndefined();
  });
});
