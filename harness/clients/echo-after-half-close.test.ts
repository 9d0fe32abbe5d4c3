import { afterEach, describe, expect, test } from 'vitest';
import { launchServer } from '../launch/launch-server.ts';
import type { StartedServer } from '../launch/started-server.ts';
import { patternBytes } from '../bytes/bytes.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import { StreamClient } from './stream-client.ts';
import { Transcript } from './transcript.ts';
import { expectEchoAfterHalfClose, unreadEchoBytes } from './echo-after-half-close.ts';

// Tiny echo servers written inline (Node: several threads per process, all of which must be seen asleep).
// The payload's length is process.argv[2].
const node = (onConnection: string, unix = false): string[] => [
  process.execPath,
  '-e',
  `const server = require('net').createServer({ allowHalfOpen: true }, (s) => { s.on('error', () => {}); ${onConnection} }); ${unix ? 'server.listen(process.argv[1]);' : "server.listen(+process.argv[1], '127.0.0.1');"}`,
  unix ? '{socket}' : '{port}',
  '{payload}',
];
// Backpressure: stops reading while the client does not read; ends after the last byte.
const PIPES = node(`s.pipe(s);`);
// An unbounded queue (Node's write buffer), flushed before the close.
const QUEUES = node(`s.on('data', (d) => s.write(d)); s.on('end', () => s.end());`);
// The bug: an unbounded queue, dropped at EOF.
const DROPS = node(`s.on('data', (d) => s.write(d)); s.on('end', () => s.destroy());`);
// The bug, met just as a select() server with backpressure (it reads while its queue holds under 1 MiB)
// reaches its limit: on reading the payload's last byte (argv[2] bytes in all) it stops reading until its
// queue is flushed, and at EOF it drops what it holds. Had the FIN ridden on the payload's last bytes, it
// would read it only after flushing, and pass.
const DROPS_AT_LIMIT = [
  'python3',
  '-c',
  `import select, socket, sys
listener = socket.create_server(("127.0.0.1", int(sys.argv[1])))
conn, _ = listener.accept()
conn.setblocking(False)
queue, total, at_limit = bytearray(), 0, False
while True:
    reading = not at_limit and len(queue) < 1 << 20
    readable, writable, _ = select.select([conn] if reading else [], [conn] if queue else [], [])
    if readable:
        data = conn.recv(65536)
        if not data:
            break
        queue += data
        total += len(data)
        at_limit = total == int(sys.argv[2])
    if writable:
        try:
            del queue[: conn.send(queue)]
        except BlockingIOError:
            pass
        at_limit = at_limit and bool(queue)
conn.close()
`,
  '{port}',
  '{payload}',
];

// Closes with our bytes unread, two ways: at once on accepting (its FIN reaches us before our bytes reach
// it, and they meet a reset), or once bytes of ours wait unread (a reset at once).
const CLOSES_AT_ONCE = node(`s.destroy();`);
const CLOSES_WITH_BYTES_UNREAD = [
  'python3',
  '-c',
  `import socket, sys
listener = socket.create_server(("127.0.0.1", int(sys.argv[1])))
conn, _ = listener.accept()
conn.recv(1, socket.MSG_PEEK)
conn.close()
listener.accept()
`,
  '{port}',
  '{payload}',
];

const servers: StartedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function exchange(command: string[], endpoint: 'tcp' | 'unix' = 'tcp', { afterServerFin = false } = {}): Promise<{ error?: unknown; transcript: Transcript }> {
  const payload = patternBytes(await unreadEchoBytes(), 3);
  const server = await launchServer({ label: 'test', endpoint, command: command.map((arg) => arg.replace('{payload}', String(payload.length))) });
  servers.push(server);
  const transcript = new Transcript();
  await using client = await StreamClient.connect(server.endpoint, 'client 1', transcript);
  if (afterServerFin) await client.expectEof();
  const error = await expectEchoAfterHalfClose(client, payload, { processes: () => server.processes() }).then(() => undefined, (err: unknown) => err);
  return { error, transcript };
}

// What the exchange ended in, with its transcript: a failed assertion shows the whole story.
const story = ({ error, transcript }: { error?: unknown; transcript: Transcript }): string =>
  `${isSockgradeError(error) ? `${error.code}: ${error.message}\n${error.details ?? ''}` : String(error)}\n${transcript.render(200)}`;

const notes = (transcript: Transcript): string => transcript.events.filter((e) => e.actor === 'kernel').map((e) => e.text).join('\n');

describe.runIf(process.platform === 'linux')('expectEchoAfterHalfClose', () => {
  test('a server that stops reading while the client does not read is read in steps, and passes', async () => {
    const { error, transcript } = await exchange(PIPES);
    expect(error, story({ error, transcript })).toBeUndefined();
    expect(notes(transcript)).toMatch(/^the server stopped reading, holding bytes of ours, and sleeps/);
  });

  test('a server that queues without limit and flushes before closing passes; the FIN went once it held echo and still read', async () => {
    const { error, transcript } = await exchange(QUEUES);
    expect(error, story({ error, transcript })).toBeUndefined();
    // Nothing was read before the FIN: the server read the whole payload and a probe while holding echo.
    expect(notes(transcript)).toMatch(/^the server has read everything we sent so far, and sleeps \(.*\): it holds echo: one more byte, to see whether it still reads\nthe server has read everything we sent so far, and sleeps \(.*\): it holds echo and still reads: now the FIN\nthe server has read everything we sent, FIN included \(its end CLOSE_WAIT/);
  });

  test('a server that drops its queue at EOF fails with E_EARLY_EOF, naming what it still owed', async () => {
    const { error, transcript } = await exchange(DROPS);
    expect(isSockgradeError(error, 'E_EARLY_EOF'), story({ error, transcript })).toBe(true);
    expect((error as Error).message).toMatch(/^client 1 sent \d+ bytes and half-closed; the server closed the connection after sending back \d+ of them: it dropped \d+ bytes of echo it still owed/);
    expect(notes(transcript)).toMatch(/now the FIN\nthe server (closed the connection|has read everything we sent, FIN included) \(/);
  });

  test('a server that drops its queue at EOF fails even when it stops reading, holding echo, just after our last byte', async () => {
    const { error, transcript } = await exchange(DROPS_AT_LIMIT);
    expect(isSockgradeError(error, 'E_EARLY_EOF'), story({ error, transcript })).toBe(true);
    // Whatever it did at its limit, the FIN found it holding echo and reading (after a step of ours, and more
    // bytes where it had flushed everything).
    expect(notes(transcript)).toMatch(/it holds echo and still reads: now the FIN\nthe server (closed the connection|has read everything we sent, FIN included) \(/);
  });

  test('a server that closes with bytes of ours unread fails with E_RESET, whether its FIN or its reset reaches us first', async () => {
    const finFirst = await exchange(CLOSES_AT_ONCE, 'tcp', { afterServerFin: true });
    expect(isSockgradeError(finFirst.error, 'E_RESET'), story(finFirst)).toBe(true);
    expect((finFirst.error as Error).message).toMatch(/^client 1 sent \d+ bytes and half-closed; the server closed the connection after sending back 0 of them, before it had read all we sent: did it close before recv\(\) returned b"", with bytes of ours unread\?/);
    expect(notes(finFirst.transcript)).toMatch(/our end is gone, not in TIME_WAIT/);
    const resetFirst = await exchange(CLOSES_WITH_BYTES_UNREAD);
    expect(isSockgradeError(resetFirst.error, 'E_RESET'), story(resetFirst)).toBe(true);
    expect((resetFirst.error as Error).message).toMatch(/; the server reset the connection after sending back 0 of them/);
  });

  test('over a Unix socket: a server that stops reading passes, one that drops its queue at EOF fails', async () => {
    const stops = await exchange(node(`s.pipe(s);`, true), 'unix');
    expect(stops.error, story(stops)).toBeUndefined();
    expect(notes(stops.transcript)).toMatch(/^the server stopped reading: our send buffer is full of bytes it has not read, and sleeps/);
    const drops = await exchange(node(`s.on('data', (d) => s.write(d)); s.on('end', () => s.destroy());`, true), 'unix');
    expect(isSockgradeError(drops.error, 'E_EARLY_EOF'), story(drops)).toBe(true);
    // Now and then, under load, the first wait finds the server asleep with nearly all our bytes unread
    // (cause unknown; seen: 8,998,656 of 9,437,184). We then read a step, which changes nothing here, and
    // the next wait, reading, ends as soon as our FIN is handed over, without waiting for it to sleep.
    expect(notes(drops.transcript)).toMatch(/(^|\n)the server has our FIN in its receive queue/);
  });
});
