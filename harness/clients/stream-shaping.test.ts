import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { StreamClient } from './stream-client.ts';
import { Transcript } from './transcript.ts';
import { byteAtATime, inChunks, inOneWrite, randomSplits, seedsToTry, sendShaped, splitAt } from './stream-shaping.ts';

let servers: net.Server[] = [];
let accepted: net.Socket[] = [];
afterEach(async () => {
  for (const socket of accepted) socket.destroy();
  accepted = [];
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

// An in-process server that records the size of each chunk its reads return (or never reads).
async function recordingServer({ reads = true } = {}): Promise<{ client: StreamClient; chunks: number[]; sockets: net.Socket[] }> {
  const chunks: number[] = [];
  const sockets: net.Socket[] = [];
  const server = net.createServer({ pauseOnConnect: !reads }, (socket) => {
    sockets.push(socket);
    accepted.push(socket);
    socket.on('data', (d: Buffer) => chunks.push(d.length));
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = await StreamClient.connect({ kind: 'tcp', host: '127.0.0.1', port }, 'client 1', new Transcript());
  return { client, chunks, sockets };
}

describe('segmentations', () => {
  test('cut a sequence into pieces that add up to it', () => {
    expect(inOneWrite.cut(10)).toEqual([10]);
    expect(byteAtATime.cut(3)).toEqual([1, 1, 1]);
    expect(inChunks(4).cut(10)).toEqual([4, 4, 2]);
    expect(splitAt(2).cut(9)).toEqual([2, 7]);
    expect(splitAt(0, 2, 2, 20).cut(9)).toEqual([2, 7]);
    expect(inOneWrite.cut(0)).toEqual([]);
    for (const seed of [1, 2, 3, 99]) {
      const pieces = randomSplits(seed).cut(500);
      expect(pieces.reduce((a, b) => a + b, 0)).toBe(500);
      expect(pieces.every((p) => p > 0)).toBe(true);
      expect(randomSplits(seed).cut(500)).toEqual(pieces);
    }
    expect(randomSplits(1).cut(500)).not.toEqual(randomSplits(2).cut(500));
    expect(randomSplits(5).name).toBe('split at random points (seed 5)');
  });

  test("the run's seed (SOCKGRADE_SEED) replays one seed instead of the spec's list", () => {
    expect(seedsToTry([1, 2], { seed: undefined })).toEqual([1, 2]);
    expect(seedsToTry([1, 2], { seed: 42 })).toEqual([42]);
  });
});

describe('sendShaped', () => {
  test.skipIf(process.platform !== 'linux')('paced: the server reads every piece on its own', async () => {
    const { client, chunks } = await recordingServer();
    const sent = await sendShaped(client, 'hello world', byteAtATime);
    expect(sent).toEqual({ pieces: 11, readSeparately: 10 });
    await expect.poll(() => chunks.reduce((a, b) => a + b, 0)).toBe(11);
    expect(chunks).toEqual(Array.from({ length: 11 }, () => 1));
    expect(client.transcript.render()).toContain('sending 11 bytes one byte at a time: 11 writes, each read by the server before the next');
    await client.close();
  });

  test('a server that stops reading costs one pace timeout, then the rest goes out unpaced', async () => {
    const { client } = await recordingServer({ reads: false });
    const sent = await sendShaped(client, 'abcdef', byteAtATime, { paceTimeoutMs: 50 });
    expect(sent.pieces).toBe(6);
    expect(sent.readSeparately).toBe(0);
    await client.close();
  });

  test('a reset connection stops the send without throwing', async () => {
    const { client, sockets } = await recordingServer();
    await expect.poll(() => sockets.length).toBe(1);
    sockets[0]!.resetAndDestroy();
    await expect.poll(() => client.ended).toBe(true);
    const sent = await sendShaped(client, Buffer.alloc(64), inChunks(8));
    expect(sent.stopped).toMatch(/could not send/);
  });

  test.skipIf(process.platform !== 'linux')('notes how many pieces had gone out when the first reply byte came', async () => {
    const { client, sockets } = await recordingServer();
    await expect.poll(() => sockets.length).toBe(1);
    sockets[0]!.once('data', () => sockets[0]!.write('too early'));
    await expect.poll(() => sockets[0]!.listenerCount('data')).toBeGreaterThan(0);
    // Each piece waits for the server's read (milliseconds of /proc polling); the loopback reply takes microseconds.
    const sent = await sendShaped(client, 'x'.repeat(40), byteAtATime);
    expect(sent.repliedAfter).toBeGreaterThanOrEqual(1);
    expect(sent.repliedAfter).toBeLessThan(40);
    await client.close();
  });
});
