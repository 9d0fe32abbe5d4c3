import dgram from 'node:dgram';
import { once } from 'node:events';
import { expect, test } from 'vitest';
import { launchServer } from './launch-server.ts';
import { Transcript } from '../clients/transcript.ts';
import { threadStates } from '../probes/process-stat.ts';
import { UdpClient } from '../clients/udp-client.ts';
import { unreadDatagramBytes } from '../probes/udp-sockets.ts';

const UDP_ECHO = `const s = require('dgram').createSocket('udp4'); s.on('message', (d, r) => s.send(d, r.port, r.address)); s.bind(+process.argv[1], '127.0.0.1');`;

test.runIf(process.platform === 'linux')('whilePaused runs with every thread of the server stopped, and a datagram sent meanwhile is answered after', async () => {
  // Node runs several threads (libuv's pool, V8's workers): all of them must be stopped, not only the main one.
  await using server = await launchServer({ label: 'test', endpoint: 'udp', command: [process.execPath, '-e', UDP_ECHO, '{port}'] });
  const client = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
  const transcript = new Transcript();
  try {
    const replied = once(client, 'message');
    const seen = await server.whilePaused(async () => {
      client.send('while paused', server.port, '127.0.0.1');
      return threadStates([server.pid]);
    }, transcript);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((state) => state === 'T')).toBe(true);
    const [reply] = (await replied) as [Buffer];
    expect(reply.toString()).toBe('while paused');
    expect((await threadStates([server.pid])).some((state) => state !== 'T')).toBe(true);
    expect(transcript.events.map((event) => event.text)).toEqual(['paused (SIGSTOP)', 'resumed (SIGCONT)']);
  } finally {
    client.close();
  }
});

test.runIf(process.platform === 'linux')('a server paused in a test that fails is resumed, and still stopped cleanly', async () => {
  const server = await launchServer({ label: 'test', endpoint: 'udp', command: [process.execPath, '-e', UDP_ECHO, '{port}'] });
  await expect(server.whilePaused(async () => {
    throw new Error('the test failed while the server was paused');
  })).rejects.toThrow(/while the server was paused/);
  expect((await threadStates([server.pid])).some((state) => state !== 'T')).toBe(true);
  const status = await server.stop();
  expect(status.stoppedWith).toBe('SIGTERM');
});

test.runIf(process.platform === 'linux')('a server stopped while paused gets its SIGTERM: its handler runs, no SIGKILL needed', async () => {
  const server = await launchServer({ label: 'test', endpoint: 'udp', command: [process.execPath, '-e', `process.on('SIGTERM', () => process.exit(0)); ${UDP_ECHO}`, '{port}'] });
  // As when a test times out inside whilePaused: the teardown stops a server that is still paused.
  const status = await server.whilePaused(() => server.stop());
  expect(status.stoppedWith).toBe('SIGTERM');
  expect(status.code).toBe(0);
});

test.runIf(process.platform === 'linux')('a datagram sent while paused is seen queued at the server; once resumed, untilAsleep waits until it was handled', async () => {
  await using server = await launchServer({ label: 'test', endpoint: 'udp', command: [process.execPath, '-e', UDP_ECHO, '{port}'] });
  const transcript = new Transcript();
  await using client = await UdpClient.open(server.endpoint, 'client', transcript);
  // Nothing sent yet: the probe finds no unread datagram and says so.
  expect(await client.untilQueuedAtServer(50)).toBe(false);
  expect(transcript.render()).toContain("the server's socket showed no unread datagram 50ms later");
  await server.whilePaused(async () => {
    await client.send('while paused');
    expect(await client.untilQueuedAtServer()).toBe(true);
  }, transcript);
  expect(await server.untilAsleep(transcript)).toBe(true);
  // Asleep again only after it replied: the reply is on its way or here.
  await client.expect('while paused');
});

test.runIf(process.platform === 'linux')('datagrams sent with untilQueuedAtServer wait at the paused server, each one counted, in the order sent', async () => {
  await using server = await launchServer({ label: 'test', endpoint: 'udp', command: [process.execPath, '-e', UDP_ECHO, '{port}'] });
  const transcript = new Transcript();
  await using first = await UdpClient.open(server.endpoint, 'first', transcript);
  await using second = await UdpClient.open(server.endpoint, 'second', transcript);
  const grew: number[] = [];
  await server.whilePaused(async () => {
    await first.send('one', { untilQueuedAtServer: true });
    grew.push(await unreadDatagramBytes(server.port));
    await second.send('', { untilQueuedAtServer: true });
    grew.push(await unreadDatagramBytes(server.port));
    await first.send('three', { untilQueuedAtServer: true });
    grew.push(await unreadDatagramBytes(server.port));
  }, transcript);
  // Each datagram, even the empty one, made the queue grow while nothing could read it.
  expect(grew[0]).toBeGreaterThan(0);
  expect(grew[1]).toBeGreaterThan(grew[0] as number);
  expect(grew[2]).toBeGreaterThan(grew[1] as number);
  await first.expect('one');
  await second.expect('');
  await first.expect('three');
  expect(transcript.render()).not.toContain('no new unread datagram');
});

test.runIf(process.platform === 'linux')('untilQueuedAtServer gives up, saying so, when nothing is queued', async () => {
  // No server on the port: the send goes nowhere, the queue never grows.
  const transcript = new Transcript();
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  socket.close();
  await using client = await UdpClient.open({ kind: 'udp', host: '127.0.0.1', port }, 'client', transcript);
  await client.send('to nobody', { untilQueuedAtServer: true });
  expect(transcript.render()).toContain("the server's socket showed no new unread datagram");
});

test.runIf(process.platform === 'linux')('untilAsleep gives up, saying so, on a server that never sleeps', async () => {
  await using server = await launchServer({ label: 'test', endpoint: 'udp', command: [process.execPath, '-e', `${UDP_ECHO} setInterval(() => { for (;;); }, 0);`, '{port}'] });
  const transcript = new Transcript();
  expect(await server.untilAsleep(transcript, 200)).toBe(false);
  expect(transcript.render()).toContain('not every thread of the server was asleep within 200ms');
});
