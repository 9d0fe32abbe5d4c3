import { assignmentTest, allByteValues, patternBytes, busyShare, canMeasureCpu, serverSideState, pollUntil, scaled, SockgradeError } from '../../harness/index.ts';

const test = assignmentTest('tcp-echo', { endpoint: 'tcp' });

test('echoes each message at once, without waiting for a newline or a close', {
  meta: { points: 2, hint: 'Send back what each recv() returned right away, on the same connection; do not wait for "\\n" or for the client to close.' },
}, async ({ connect }) => {
  const client = await connect();
  await client.send('hello');
  await client.expect('hello');
  await client.send('second message, same connection');
  await client.expect('second message, same connection');
});

test('echoes all 256 byte values unchanged (binary-safe)', {
  meta: { points: 2, hint: 'Treat data as bytes: no .decode()/.encode(), no upper-casing, no stripping of "\\n" or "\\0".' },
}, async ({ connect }) => {
  const client = await connect();
  await client.send(allByteValues());
  await client.expect(allByteValues());
});

test('streams 1 MiB back while the client is still sending', {
  meta: { points: 2, hint: 'Loop on recv() and sendall() each chunk; one recv() never holds the whole message, and the echo must start before the client finishes.' },
}, async ({ connect }) => {
  const client = await connect();
  const payload = patternBytes(1024 * 1024, 2);
  await Promise.all([client.send(payload), client.expect(payload, { timeoutMs: scaled(5000) })]);
});

test('serves several clients one after another', {
  meta: { points: 1, hint: 'After a client leaves, go back to accept() for the next one; do not exit after the first client.' },
}, async ({ connect }) => {
  for (let i = 1; i <= 3; i++) {
    const client = await connect();
    await client.send(`client ${i} says hi`);
    await client.expect(`client ${i} says hi`);
    await client.close();
  }
});

test('survives a client that connects and leaves without sending anything', {
  meta: { points: 1, hint: 'recv() returning b"" means the client closed: close that connection and accept the next one.' },
}, async ({ connect }) => {
  const silent = await connect('silent client');
  await silent.close();
  const next = await connect('next client');
  await next.send('still there?');
  await next.expect('still there?');
});

test('after a half-close, delivers every byte and then closes', {
  meta: { points: 2, hint: 'When recv() returns b"", the client has finished sending: sendall() what is left, then close the connection.' },
}, async ({ connect }) => {
  const client = await connect();
  const payload = patternBytes(64 * 1024, 6);
  await client.send(payload);
  await client.shutdownWrite();
  await client.expect(payload, { timeoutMs: scaled(5000) });
  await client.expectEof();
});

test('survives a client that resets the connection (RST)', {
  meta: { points: 1, hint: 'recv() and send() raise ConnectionResetError / BrokenPipeError when a client aborts: catch them, close that connection, keep serving.' },
}, async ({ connect }) => {
  const doomed = await connect('resetting client');
  await doomed.send('about to vanish');
  await doomed.expect('about to vanish');
  await doomed.send(patternBytes(32 * 1024, 7));
  doomed.reset();
  const next = await connect('next client');
  await next.send('still serving?');
  await next.expect('still serving?');
});

test('closes its side promptly when the client closes', {
  meta: { points: 1, hint: 'On recv() == b"" call close() on the connection socket; a socket left open stays in CLOSE_WAIT and leaks a descriptor.' },
}, async ({ connect, server, transcript, skip }) => {
  if (process.platform !== 'linux') skip('the server side of a TCP connection is read from /proc/net/tcp, which only Linux has');
  const client = await connect();
  await client.send('bye');
  await client.expect('bye');
  const clientPort = client.localPort as number;
  await client.close();
  const deadline = scaled(2000);
  const closed = await pollUntil(async () => (await serverSideState(server.port, clientPort)) !== 'CLOSE_WAIT', deadline);
  if (!closed) {
    transcript.record('kernel', 'note', `server side of ${server.port}<->${clientPort} still in CLOSE_WAIT`);
    throw new SockgradeError('E_NOT_CLOSED', `the server had not closed its end ${deadline}ms after client 1 closed (its socket stayed in CLOSE_WAIT)`);
  }
});

test('does not spin after a client leaves (idle CPU near zero)', {
  meta: { points: 1, hint: 'A loop that keeps calling recv() after it returned b"" spins at 100% CPU: break out of it and close the connection.' },
}, async ({ connect, server, transcript, skip }) => {
  if (!(await canMeasureCpu())) skip('CPU time is read from /proc/<pid>/schedstat, which only Linux has');
  const client = await connect();
  await client.send('ping');
  await client.expect('ping');
  await client.close();
  const { share, busyMs, windowMs } = await busyShare(() => server.processes(), scaled(300));
  transcript.record('kernel', 'note', `server busy ${busyMs.toFixed(1)}ms of ${windowMs.toFixed(0)}ms after the client left`);
  if (share > 0.5) {
    throw new SockgradeError('E_BUSY_LOOP', `the server kept a CPU busy ${Math.round(share * 100)}% of the ${Math.round(windowMs)}ms after the client left (expected near 0%: is it looping on an empty recv()?)`);
  }
});
