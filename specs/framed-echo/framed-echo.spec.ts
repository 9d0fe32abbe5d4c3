import type { StreamClient } from 'sockgrade';
import { assignmentTest, allByteValues, byteAtATime, framed, isSockgradeError, patternBytes, randomSplits, scaled, seedsToTry, SockgradeError, splitAt } from 'sockgrade';

const test = assignmentTest({ endpoint: 'tcp' });

type Connect = (label?: string) => Promise<StreamClient>;

// A message client; `connect` lets it probe a silent server for a little-endian length.
async function open(connect: Connect, label?: string) {
  return framed(await connect(label), { connect });
}

// Adds what was going on to a failure of `work` that carries no diagnosis of its own.
async function during<T>(work: Promise<T>, situation: string): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (!isSockgradeError(err) || err.code === 'E_FRAMING') throw err;
    throw new SockgradeError(err.code, `${err.shortMessage}, ${situation}`, { details: err.details, context: err.context, cause: err });
  }
}

// Payloads of varied sizes (1..61 bytes), different for each seed.
function smallPayloads(count: number, seed: number): Buffer[] {
  const sizes = patternBytes(count, seed);
  return Array.from({ length: count }, (_, i) => patternBytes(((sizes[i] as number) % 61) + 1, seed * 1000 + i));
}

test('answers one message with the same payload', {
  meta: { points: 2, hint: 'Read the 4-byte header with struct.unpack("!I", ...) (network byte order), then exactly N payload bytes; reply with struct.pack("!I", N) + payload.' },
}, async ({ connect }) => {
  const client = await open(connect);
  await client.send('hello');
  await client.expectReplies();
  await client.send(allByteValues());
  await client.expectReplies();
});

test('answers a zero-length message', {
  meta: { points: 1, hint: 'N = 0 is a valid message: reply with the 4-byte header 00 00 00 00 and no payload. A recv() of 0 bytes you asked for is not the client closing.' },
}, async ({ connect }) => {
  const client = await open(connect);
  await client.send('');
  await client.expectReplies();
  await client.send('still talking after an empty message');
  await client.expectReplies();
});

test('answers a 4 MiB message', {
  meta: { points: 2, hint: 'One recv() returns at most what has arrived (often 64 KiB or less): loop until you have all N payload bytes, then sendall() the reply.' },
}, async ({ connect }) => {
  const client = await open(connect);
  // The first 64 KiB go out on their own (read by the server before the rest is sent).
  await client.send(patternBytes(4 * 1024 * 1024, 11), splitAt(4 + 64 * 1024));
  await client.expectReplies({ timeoutMs: scaled(10_000), idleMs: scaled(3000) });
});

test('answers 1000 messages sent in one write, in order', {
  meta: { points: 2, hint: 'One recv() may hold many messages: after answering one, look for the next complete message in what you already have before calling recv() again.' },
}, async ({ connect }) => {
  const client = await open(connect);
  await client.send(smallPayloads(1000, 4));
  await client.expectReplies({ timeoutMs: scaled(10_000), idleMs: scaled(3000) });
});

test('answers a message sent one byte at a time', {
  meta: { points: 2, hint: 'One recv() may return a single byte, even of the header: keep reading until you have 4 header bytes, then until you have N payload bytes.' },
}, async ({ connect }) => {
  const client = await open(connect);
  await client.send('byte by byte', byteAtATime);
  await client.expectReplies({ timeoutMs: scaled(5000), idleMs: scaled(2000) });
});

test('answers messages whose 4-byte header arrives split', {
  meta: { points: 1, hint: 'recv(4) may return 1, 2 or 3 bytes: loop until you have the whole header before struct.unpack("!I", ...).' },
}, async ({ connect }) => {
  const client = await open(connect);
  for (const at of [1, 2, 3]) {
    await client.send(`header split after byte ${at}`, splitAt(at));
    await client.expectReplies();
  }
});

test('answers messages split at random points (seeded)', {
  meta: { points: 2, hint: 'Keep a buffer per connection: append what recv() returns, answer every complete message in it, keep the rest. The failing seed replays with SOCKGRADE_SEED=<seed>.' },
}, async ({ connect }) => {
  for (const seed of seedsToTry([1, 2, 3])) {
    const client = await open(connect, `client seed ${seed}`);
    await client.send(smallPayloads(8, seed), randomSplits(seed, { maxCuts: 12 }));
    await client.expectReplies({ timeoutMs: scaled(5000), idleMs: scaled(2000) });
    await client.stream.close();
  }
});

test('serves two clients whose messages interleave', {
  meta: { points: 1, hint: 'Serve clients at once (a thread per client, select() with a buffer per connection, or asyncio): one client in the middle of a message must not hold up another.' },
}, async ({ connect }) => {
  const first = await open(connect, 'client A');
  const second = await open(connect, 'client B');
  for (const [round, [a, b]] of [[first, second], [second, first], [first, second]].entries()) {
    await a!.startMessage(`${a!.label}, round ${round + 1}: this message arrives in two parts`, 4 + 10);
    await b!.send(`${b!.label}, round ${round + 1}: a whole message in between`);
    await during(b!.expectReplies(), `while ${a!.label} was in the middle of a message: one client must not hold up another`);
    await a!.finishMessage();
    await a!.expectReplies();
  }
});

test('keeps serving others when a client leaves mid-message', {
  meta: { points: 1, hint: 'recv() returning b"" in the middle of a message, or raising ConnectionResetError, ends that client only: close its socket and keep serving the others. Never answer an incomplete message.' },
}, async ({ connect }) => {
  const leaving = await open(connect, 'leaving client');
  await leaving.startMessage(patternBytes(1000, 21), 4 + 100);
  const staying = await open(connect, 'staying client');
  await staying.send('answered while another client is mid-message');
  await during(staying.expectReplies(), 'while the leaving client was in the middle of a message: one client must not hold up another');
  if (leaving.stream.bytesReceived > 0) {
    throw new SockgradeError('E_FRAMING', `leaving client sent 104 bytes of a 1004-byte message and received ${leaving.stream.bytesReceived} bytes back: the server answered an incomplete message`);
  }
  await leaving.stream.close();
  await staying.send('answered after a client closed mid-message');
  await during(staying.expectReplies(), 'after the leaving client closed in the middle of a message');
  const resetting = await open(connect, 'resetting client');
  await resetting.startMessage(patternBytes(1000, 22), 4 + 100);
  await resetting.stream.reset();
  await staying.send('answered after a client reset mid-message');
  await during(staying.expectReplies(), 'after the resetting client reset the connection in the middle of a message');
  const late = await during(open(connect, 'new client'), 'after two clients left in the middle of a message');
  await late.send('a new client is served too');
  await during(late.expectReplies(), 'after two clients left in the middle of a message');
});
