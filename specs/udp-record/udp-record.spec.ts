import { assignmentTest, keepsServing, packRecord, patternBytes, recordClients } from 'sockgrade';
import type { StudentRecord } from 'sockgrade';

const test = assignmentTest({ endpoint: 'udp' });

// Heights are float32 values far from a tie at the third decimal (formatHeight refuses the others), so
// every language's "%.2f" agrees. Each client keeps at most a few datagrams unanswered (see udp-echo).

test('answers a record with "id name height", the height to 2 decimals', {
  meta: { points: 3, hint: 'rid, raw, height = struct.unpack("<i16sf", data); name = raw.rstrip(b"\\0").decode("utf-8"); sock.sendto(f"{rid} {name} {height:.2f}".encode("utf-8"), addr)' },
}, async ({ udp }) => {
  const client = await recordClients(udp)();
  const records: StudentRecord[] = [
    { id: 7, name: 'alice', height: 1.73 },
    { id: 42, name: 'bob', height: 1.736 },
    { id: 1000000, name: 'carol', height: 180.25 },
    { id: 0, name: 'd', height: 0.5 },
  ];
  for (const record of records) {
    await client.send(record);
    await client.expectAnswers();
  }
});

test('keeps a 16-byte name (no NUL) whole', {
  meta: { points: 1, hint: 'A name of exactly 16 bytes fills its field: there is no NUL to stop at. raw.rstrip(b"\\0") keeps all 16 bytes (in C, do not strlen() past the field).' },
}, async ({ udp }) => {
  const client = await recordClients(udp)();
  await client.send({ id: 16, name: 'sixteen-bytes-ok', height: 1.8 });
  await client.expectAnswers();
  await client.send({ id: 15, name: 'fifteen-bytes--', height: 2.01 });
  await client.expectAnswers();
});

test('decodes a multi-byte UTF-8 name', {
  meta: { points: 1, hint: 'The name field is UTF-8: remove the NUL padding, then raw.decode("utf-8"); encode the reply with .encode("utf-8").' },
}, async ({ udp }) => {
  const client = await recordClients(udp)();
  for (const record of [
    { id: 5, name: 'José Müller', height: 1.7 },
    { id: 6, name: '山田太郎', height: 1.62 },
    { id: 8, name: 'Ünïcödé ÄÖ', height: 0.07 },
  ]) {
    await client.send(record);
    await client.expectAnswers();
  }
});

test('reads a negative id as a signed 32-bit integer', {
  meta: { points: 1, hint: 'The id is "i", a signed 32-bit int: -1 arrives as ff ff ff ff and must print as -1 (not 4294967295 as "I" would give).' },
}, async ({ udp }) => {
  const client = await recordClients(udp)();
  for (const record of [
    { id: -1, name: 'minus one', height: 1.5 },
    { id: -2147483648, name: 'int32 min', height: 99.99 },
    { id: 2147483647, name: 'int32 max', height: 2.01 },
  ]) {
    await client.send(record);
    await client.expectAnswers();
  }
});

test('answers each of several clients interleaved', {
  meta: { points: 2, hint: 'Reply with sendto() to the address recvfrom() returned with that very datagram; do not remember one client or connect() the socket.' },
}, async ({ udp }) => {
  const open = recordClients(udp);
  const clients = [await open(), await open(), await open()];
  for (let round = 1; round <= 3; round++) {
    for (const [i, client] of clients.entries()) await client.send({ id: round * 10 + i + 1, name: `client ${i + 1} r${round}`, height: 1.5 + i / 10 + round / 100 + 0.001 });
    for (const client of clients) await client.expectAnswers();
  }
});

test('keeps serving after datagrams of the wrong size', {
  meta: { points: 2, hint: 'Check len(data) == 24 before struct.unpack (it raises struct.error otherwise); answer b"ERROR ..." (or nothing) and keep serving. Never unpack the first 24 bytes of a longer datagram.' },
}, async ({ udp, server }) => {
  const client = await recordClients(udp)();
  const record = packRecord({ id: 1, name: 'x', height: 1.2 });
  const wrong: [Buffer, string][] = [
    [record.subarray(0, 23), 'a record missing its last byte (23 bytes)'],
    [Buffer.concat([record, Buffer.from('!')]), 'a record with one byte more (25 bytes)'],
    [Buffer.concat([record, record]), 'two records in one datagram (48 bytes)'],
    [Buffer.from('hello'), 'the text "hello" (5 bytes)'],
    [Buffer.alloc(0), 'an empty datagram'],
  ];
  for (const [i, [bytes, what]] of wrong.entries()) {
    await client.sendDatagram(bytes, what);
    await client.send({ id: 100 + i, name: `after ${bytes.length}`, height: 1.81 });
    await keepsServing(server, `after a datagram that is not a record (${what})`, () => client.expectAnswers());
  }
});

test('keeps serving after binary junk', {
  meta: { points: 1, hint: 'Any bytes may arrive: a datagram that is not a 24-byte record gets b"ERROR ..." or nothing; catch struct.error and UnicodeDecodeError rather than crash.' },
}, async ({ udp, server }) => {
  const client = await recordClients(udp)();
  const junk: [Buffer, string][] = [
    [Buffer.from([0xff, 0xfe, 0x00]), 'ff fe 00 (3 bytes)'],
    [patternBytes(100, 9), '100 random bytes'],
    [patternBytes(1000, 10), '1000 random bytes'],
  ];
  for (const [i, [bytes, what]] of junk.entries()) {
    await client.sendDatagram(bytes, what);
    await client.send({ id: 200 + i, name: 'after junk', height: 0.93 });
    await keepsServing(server, `after a datagram of binary junk (${what})`, () => client.expectAnswers());
  }
});
