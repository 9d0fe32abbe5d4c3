import type { TestContext } from 'vitest';
import type { AssignmentFixtures } from 'sockgrade';
import { allByteValues, expectEchoAfterHalfClose, patternBytes, plural, canMeasureCpu, scaled, SockgradeError, unreadEchoBytes } from 'sockgrade';
import { measureIdleCpu, outputMeter } from './idle-cpu.ts';

// The echo clauses every stream-socket echo assignment shares (tcp-echo, unix-echo): the same test
// bodies, points and hints, whether the client connects over TCP or a Unix socket. Each spec file names
// its tests and registers them: test('name', clause.options, clause.run).
export interface Clause {
  readonly options: { readonly meta: { readonly points: number; readonly hint: string } };
  readonly run: (context: TestContext & AssignmentFixtures) => Promise<void>;
}

// Echo at once, not at a newline or at close.
export const echoesAtOnce: Clause = {
  options: { meta: { points: 2, hint: 'Send back what each recv() returned right away, on the same connection; do not wait for "\\n" or for the client to close.' } },
  run: async ({ connect }) => {
    const client = await connect();
    await client.send('hello');
    await client.expect('hello');
    await client.send('second message, same connection');
    await client.expect('second message, same connection');
  },
};

// Every byte value survives the round trip.
export const binarySafe: Clause = {
  options: { meta: { points: 2, hint: 'Treat data as bytes: no .decode()/.encode(), no upper-casing, no stripping of "\\n" or "\\0".' } },
  run: async ({ connect }) => {
    const client = await connect();
    await client.send(allByteValues());
    await client.expect(allByteValues());
  },
};

// A payload far larger than one recv(), echoed while it is still being sent.
export const streamsOneMebibyte: Clause = {
  options: { meta: { points: 2, hint: 'Loop on recv() and sendall() each chunk; one recv() never holds the whole message, and the echo must start before the client finishes.' } },
  run: async ({ connect }) => {
    const client = await connect();
    const payload = patternBytes(1024 * 1024, 2);
    const [sent, echoed] = await Promise.allSettled([client.send(payload), client.expect(payload, { timeoutMs: scaled(5000) })]);
    if (echoed.status === 'rejected') throw endedWhileStreaming(echoed.reason, client.bytesReceived, payload.length);
    if (sent.status === 'rejected') throw endedWhileStreaming(sent.reason, client.bytesReceived, payload.length);
  },
};

// A server that closes while the client is still sending ends the connection with a FIN or with an RST,
// depending only on whether our next bytes had reached it when it closed: the same fault, so one code.
function endedWhileStreaming(err: unknown, echoed: number, total: number): unknown {
  if (!(err instanceof SockgradeError) || (err.code !== 'E_RESET' && err.code !== 'E_EARLY_EOF')) return err;
  const how = err.code === 'E_RESET' ? 'reset' : 'closed';
  return new SockgradeError('E_EARLY_EOF', `the server ${how} the connection while the client was still sending, with ${echoed} of ${plural(total, "byte")} echoed back`, { details: err.details, context: err.context, cause: err });
}

// Back to accept() after each client.
export const servesClientsInTurn: Clause = {
  options: { meta: { points: 1, hint: 'After a client leaves, go back to accept() for the next one; do not exit after the first client.' } },
  run: async ({ connect }) => {
    for (let i = 1; i <= 3; i++) {
      const client = await connect();
      await client.send(`client ${i} says hi`);
      await client.expect(`client ${i} says hi`);
      await client.close();
    }
  },
};

// A client that connects and leaves at once is harmless.
export const survivesSilentClient: Clause = {
  options: { meta: { points: 1, hint: 'recv() returning b"" means the client closed: close that connection and accept the next one.' } },
  run: async ({ connect }) => {
    const silent = await connect('silent client');
    await silent.close();
    const next = await connect('next client');
    await next.send('still there?');
    await next.expect('still there?');
  },
};

// On the client's FIN: deliver everything, then close. The client sends more than the kernel can hold for
// it without reading, so a server that queues its echo holds part of it; over TCP it half-closes once the
// server has read everything and still reads while it holds echo, so that it reads the FIN holding some.
// It reads only once the server waits on it (harness/clients/echo-after-half-close.ts).
export const halfCloseDeliversThenCloses: Clause = {
  options: { meta: { points: 2, hint: 'recv() returning b"" means the client has finished sending, not reading: first send it everything you still owe (sendall(), or keep the socket in your select() write list until its queue is empty), then close the connection.' } },
  run: async ({ connect, server }) => {
    const client = await connect();
    await expectEchoAfterHalfClose(client, patternBytes(await unreadEchoBytes(), 6), { processes: () => server.processes() });
  },
};

// A client that aborts (RST over TCP; over a Unix socket, a close with unread data) does not stop the server.
export const survivesAbortingClient: Clause = {
  options: { meta: { points: 1, hint: 'recv() and send() raise ConnectionResetError / BrokenPipeError when a client aborts: catch them, close that connection, keep serving.' } },
  run: async ({ connect }) => {
    const doomed = await connect('resetting client');
    await doomed.send('about to vanish');
    await doomed.expect('about to vanish');
    await doomed.send(patternBytes(32 * 1024, 7));
    await doomed.reset();
    const next = await connect('next client');
    await next.send('still serving?');
    await next.expect('still serving?');
  },
};

// The E_BUSY_LOOP failure of an idle-CPU test: a server that printed a lot while it should have been idle
// is told so (its output is what kept the CPU busy), any other gets `guess`, the usual cause.
export function busyWhileIdle({ share, busyMs, windowMs, measuredMs, outputBytes, after, guess }: { share: number; busyMs: number; windowMs: number; measuredMs: number; outputBytes: number; after: string; guess: string }): SockgradeError {
  const busy = `the server kept a CPU busy ${Math.round(share * 100)}% of the ${Math.round(windowMs)}ms (${busyMs.toFixed(0)}ms) ${after}, even in the quieter of two windows`;
  if (outputBytes >= PRINTING_BYTES) {
    return new SockgradeError('E_BUSY_LOOP', `${busy}, and wrote ${plural(outputBytes, 'byte')} (to its stdout, stderr or files) in the ${Math.round(measuredMs)}ms measured (expected near 0%: is it printing in a loop? Print only when something happens, e.g. once per connection)`);
  }
  return new SockgradeError('E_BUSY_LOOP', `${busy} (expected near 0%: ${guess})`);
}

// Output during the idle windows that says the server is printing in a loop, not looping on recv(): an
// idle server writes nothing, one that logs each connection a line or two; 4 KiB is a loop.
const PRINTING_BYTES = 4 * 1024;

// No busy loop once the client has gone.
export const idlesWithoutSpinning: Clause = {
  options: { meta: { points: 1, hint: 'A loop that keeps calling recv() after it returned b"" spins at 100% CPU: break out of it and close the connection.' } },
  run: async ({ connect, server, transcript, skip }) => {
    if (!(await canMeasureCpu())) skip('CPU time is read from /proc/<pid>/schedstat, which only Linux has');
    const client = await connect();
    await client.send('ping');
    await client.expect('ping');
    await client.close();
    const written = await outputMeter(server);
    const idle = await measureIdleCpu(() => server.processes());
    const outputBytes = await written();
    transcript.record('kernel', 'note', `server busy ${idle.windowsNote} after the client left; it wrote ${plural(outputBytes, 'byte')} meanwhile`);
    if (idle.spinning) throw busyWhileIdle({ ...idle, outputBytes, after: 'after the client left', guess: 'is it looping on an empty recv()?' });
  },
};
