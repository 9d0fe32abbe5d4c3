import { afterEach, describe, expect, test } from 'vitest';
import { launchServer } from '../launch/launch-server.ts';
import type { StartedServer } from '../launch/started-server.ts';
import { patternBytes } from '../bytes/bytes.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import { StreamClient } from './stream-client.ts';
import { Transcript } from './transcript.ts';
import { expectEchoAfterHalfClose, unreadEchoBytes } from './echo-after-half-close.ts';

// Tiny echo servers written inline (Node: several threads per process, all of which must be seen asleep).
const node = (onConnection: string, unix = false): string[] => [
  process.execPath,
  '-e',
  `const server = require('net').createServer({ allowHalfOpen: true }, (s) => { s.on('error', () => {}); ${onConnection} }); ${unix ? 'server.listen(process.argv[1]);' : "server.listen(+process.argv[1], '127.0.0.1');"}`,
  unix ? '{socket}' : '{port}',
];
// Backpressure: stops reading while the client does not read; ends after the last byte.
const PIPES = node(`s.pipe(s);`);
// An unbounded queue (Node's write buffer), flushed before the close.
const QUEUES = node(`s.on('data', (d) => s.write(d)); s.on('end', () => s.end());`);
// The bug: an unbounded queue, dropped at EOF.
const DROPS = node(`s.on('data', (d) => s.write(d)); s.on('end', () => s.destroy());`);

const servers: StartedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function exchange(command: string[], endpoint: 'tcp' | 'unix' = 'tcp'): Promise<{ error?: unknown; transcript: Transcript }> {
  const server = await launchServer({ label: 'test', endpoint, command });
  servers.push(server);
  const transcript = new Transcript();
  await using client = await StreamClient.connect(server.endpoint, 'client 1', transcript);
  const payload = patternBytes(await unreadEchoBytes(), 3);
  const error = await expectEchoAfterHalfClose(client, payload, { processes: () => server.processes() }).then(() => undefined, (err: unknown) => err);
  return { error, transcript };
}

const notes = (transcript: Transcript): string => transcript.events.filter((e) => e.actor === 'kernel').map((e) => e.text).join('\n');

describe.runIf(process.platform === 'linux')('expectEchoAfterHalfClose', () => {
  test('a server that stops reading while the client does not read is read in steps, and passes', async () => {
    const { error, transcript } = await exchange(PIPES);
    expect(error).toBeUndefined();
    expect(notes(transcript)).toMatch(/^the server stopped reading, holding bytes of ours, and sleeps/);
  });

  test('a server that queues without limit and flushes before closing passes; it was read only once it had read the FIN', async () => {
    const { error, transcript } = await exchange(QUEUES);
    expect(error).toBeUndefined();
    expect(notes(transcript)).toMatch(/^the server has read everything we sent, FIN included, and sleeps \(its end CLOSE_WAIT/);
  });

  test('a server that drops its queue at EOF fails with E_EARLY_EOF, naming what it still owed', async () => {
    const { error, transcript } = await exchange(DROPS);
    expect(isSockgradeError(error, 'E_EARLY_EOF')).toBe(true);
    expect((error as Error).message).toMatch(/^client 1 sent \d+ bytes and half-closed; the server closed the connection after sending back \d+ of them: it dropped \d+ bytes of echo it still owed/);
    expect(notes(transcript)).toMatch(/^the server closed the connection, and sleeps/);
  });

  test('over a Unix socket: a server that stops reading passes, one that drops its queue at EOF fails', async () => {
    const stops = await exchange(node(`s.pipe(s);`, true), 'unix');
    expect(stops.error).toBeUndefined();
    expect(notes(stops.transcript)).toMatch(/^the server stopped reading: our send buffer is full of bytes it has not read, and sleeps/);
    const drops = await exchange(node(`s.on('data', (d) => s.write(d)); s.on('end', () => s.destroy());`, true), 'unix');
    expect(isSockgradeError(drops.error, 'E_EARLY_EOF')).toBe(true);
    expect(notes(drops.transcript)).toMatch(/^the server has our FIN in its receive queue, and sleeps/);
  });
});
