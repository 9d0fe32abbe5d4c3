import { assignmentTest, allByteValues, patternBytes } from 'sockgrade';

const test = assignmentTest({ endpoint: 'udp' });

// Every test keeps at most a few datagrams in flight per client (the UDP client enforces a bound), so
// loopback buffers never fill: a lost datagram is then the server's doing, never the harness's.

test('answers a datagram with the same bytes, from its own address', {
  meta: { points: 2, hint: 'data, addr = sock.recvfrom(2048); sock.sendto(data, addr) on the socket bound to the given port; reply to every datagram.' },
}, async ({ udp }) => {
  const client = await udp();
  await client.send('hello');
  await client.expect('hello');
  await client.send('a second datagram');
  await client.expect('a second datagram');
  await client.expectSilence();
});

test('keeps datagram boundaries: 8 sent back to back come back as 8', {
  meta: { points: 2, hint: 'Each recvfrom() returns exactly one datagram: answer it with one sendto() at once, without waiting for or joining it with the next.' },
}, async ({ udp }) => {
  const client = await udp();
  const datagrams = Array.from({ length: 8 }, (_, i) => `datagram ${i + 1} of 8 ${'+'.repeat(i * 9)}`);
  for (const datagram of datagrams) await client.send(datagram);
  await client.expectAll(datagrams);
  await client.expectSilence();
});

test('returns a 1024-byte datagram whole', {
  meta: { points: 1, hint: 'recvfrom(bufsize) drops whatever does not fit in bufsize: use a buffer of at least 1024 bytes (65535 takes any datagram).' },
}, async ({ udp }) => {
  const client = await udp();
  await client.send(patternBytes(1024, 3));
  await client.expect(patternBytes(1024, 3));
});

test('answers an empty datagram with an empty datagram', {
  meta: { points: 1, hint: 'In UDP, recvfrom() returning b"" is an empty datagram, not a closed connection (there is none): reply with an empty datagram and keep serving.' },
}, async ({ udp }) => {
  const client = await udp();
  await client.send('');
  await client.expect('');
  await client.send('after the empty one');
  await client.expect('after the empty one');
});

test('replies to each sender when several clients interleave', {
  meta: { points: 2, hint: 'Reply to the address recvfrom() returned with that very datagram; do not remember one client, connect() the socket, or send to everyone.' },
}, async ({ udp }) => {
  const clients = [await udp(), await udp(), await udp()];
  for (let round = 1; round <= 3; round++) {
    for (const client of clients) await client.send(`${client.label}, round ${round}`);
    for (const client of clients) await client.expect(`${client.label}, round ${round}`);
  }
  for (const client of clients) await client.expectSilence();
});

test('echoes all 256 byte values unchanged (binary-safe)', {
  meta: { points: 1, hint: 'Treat data as bytes: no .decode()/.encode(), no upper-casing, no stripping of "\\n" or "\\0".' },
}, async ({ udp }) => {
  const client = await udp();
  await client.send(allByteValues());
  await client.expect(allByteValues());
});

test('survives a client that disappears before its reply', {
  meta: { points: 1, hint: 'A reply to a client that has gone is lost (or makes a connect()ed socket raise ConnectionRefusedError): do not connect() the server socket, catch OSError around sendto(), keep serving.' },
}, async ({ udp, server, transcript }) => {
  const gone = await udp('vanishing client');
  const next = await udp('next client');
  // Paused, the server finds both datagrams waiting, the vanishing client's first, and that client gone:
  // it cannot reply before the client has left, nor see the next datagram early or late, so what it does
  // is the same on every run (one that keeps "the rest of the message" for a while joins them, always).
  await server.whilePaused(async () => {
    await gone.send('reply to nobody', { untilQueuedAtServer: true });
    await next.send('anyone home?', { untilQueuedAtServer: true });
    await gone.close();
  }, transcript);
  await next.expect('anyone home?');
  // A server that connect()s its socket to each sender dies of the "port unreachable" its reply to the
  // vanished client brings, unless that came late (on a loaded machine): by then it had connect()ed to
  // the next client, and the kernel drops an error about an address the socket no longer talks to. So
  // the next client leaves the same way, with nothing queued behind it: whenever its error comes, it is
  // about the connected address. And a connect()ed socket hears no one else: one more client must still
  // be answered.
  await server.whilePaused(async () => {
    await next.send('one more, then gone', { untilQueuedAtServer: true });
    await next.close();
  }, transcript);
  const last = await udp('last client');
  await last.send('still serving?');
  await last.expect('still serving?');
});
