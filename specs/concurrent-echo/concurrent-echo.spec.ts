import type { ClientFailure, Endpoint, Transcript } from 'sockgrade';
import { assignmentTest, ClientCrowd, crowdFailure, StreamClient, canMeasureCpu, isSockgradeError, openDescriptorCount, patternBytes, plural, pollUntil, scaled, SockgradeError, zombieChildren } from 'sockgrade';
import { busyWhileIdle, echoesAtOnce, halfCloseDeliversThenCloses } from '../shared/stream-echo-clauses.ts';
import { measureIdleCpu, outputMeter } from '../shared/idle-cpu.ts';

const test = assignmentTest({ endpoint: 'tcp' });

// How many clients are connected at once; see README.md for the listen backlog this needs.
const CROWD = 100;
// A conversation under load gets a generous deadline: a correct server must never fail for slowness.
const crowdDeadline = (): number => scaled(5000);

// The bytes client i sends in round r: its own name, then a pattern seeded by both, so no two clients
// (and no two rounds) send the same bytes and any cross-talk is visible.
const message = (label: string, i: number, round: number): Buffer => Buffer.concat([Buffer.from(`${label} round ${round}: `), patternBytes(2048, i * 10 + round + 1)]);

// Sends msg and checks the reply is exactly msg; on other bytes, says whose bytes they were.
async function roundTrip(client: StreamClient, msg: Buffer, others: () => ReadonlyMap<string, Buffer>): Promise<void> {
  await client.send(msg);
  const { bytes, ended } = await client.take(msg.length, { timeoutMs: crowdDeadline() });
  const sameSoFar = msg.subarray(0, bytes.length).equals(bytes);
  if (!sameSoFar) {
    const probe = bytes.subarray(0, Math.min(24, bytes.length));
    const owner = [...others()].find(([label, sent]) => label !== client.label && sent.indexOf(probe) >= 0)?.[0];
    throw new SockgradeError('E_MISMATCH', owner ? `${client.label} received bytes that ${owner} sent (cross-talk between connections)` : `${client.label} received different bytes than it sent`);
  }
  if (bytes.length < msg.length) {
    const why = ended === 'eof' ? 'the server closed the connection' : ended === 'reset' ? 'the server reset the connection' : `nothing more came within ${crowdDeadline()}ms`;
    throw new SockgradeError('E_TIMEOUT', `${client.label} got ${bytes.length} of its ${msg.length} bytes back: ${why}`);
  }
}

// Lead of the aggregate message: cross-talk first, it names the bug best.
const crowdLead = (failures: readonly { error: unknown }[]): string =>
  failures.some((f) => isSockgradeError(f.error) && /cross-talk/.test(f.error.shortMessage))
    ? 'some received another client\'s bytes: does the server recv() from, and send to, the very socket select()/poll() reported ready?'
    : 'were they all served at once, or does the server handle one client at a time?';

test('echoes each message at once, without waiting for a newline or a close', echoesAtOnce.options, echoesAtOnce.run);
test('after a half-close, delivers every byte and then closes', halfCloseDeliversThenCloses.options, halfCloseDeliversThenCloses.run);

test('an idle client connected first does not delay a second client', {
  meta: { points: 2, hint: 'Serve each connection concurrently (a thread or process per client, or one select()/poll()/epoll loop over all sockets); never block on one client\'s recv() while others wait.' },
}, async ({ connect }) => {
  const idle = await connect('idle client');
  const second = await connect('second client');
  await second.send('anyone home?');
  try {
    await second.expect('anyone home?', { timeoutMs: scaled(3000) });
  } catch (err) {
    if (isSockgradeError(err, 'E_TIMEOUT')) {
      throw new SockgradeError('E_NOT_CONCURRENT', 'the second client got no reply while the first (idle) client was connected: is the server iterative, or does one conversation block the others (a lock held for the whole conversation, a blocking recv() on one socket)?', { details: err.details });
    }
    throw err;
  }
  await idle.send('now me');
  await idle.expect('now me');
});

// The two heaviest tests (a crowd of clients; megabytes to a client that stops reading) run on their own,
// not alongside this spec's other tests, so that the machine's load stays what a correct server can bear.
test.sequential(`${CROWD} clients connected at once are each echoed their own bytes`, {
  meta: { points: 3, hint: 'Keep a separate state per connection (its own socket, its own buffer); listen() with a backlog of at least 100 (listen(128), the Python default, is fine).' },
}, async ({ server, transcript }) => {
  await using crowd = await ClientCrowd.open(server.endpoint, CROWD, transcript);
  for (const round of [1, 2]) {
    const sent = new Map(crowd.clients.map((c, i) => [c.label, message(c.label, i, round)] as const));
    await crowd.run((client) => roundTrip(client, sent.get(client.label) as Buffer, () => sent), { lead: crowdLead });
  }
});

test.sequential('a client that stops reading does not stall the others', {
  meta: { points: 2, hint: 'A client may stop reading: then send() to it blocks. Give each client its own thread/process, or in a select() loop make sockets non-blocking, keep what is left to send per client and wait for it to be writable (stop reading from that client meanwhile).' },
}, async ({ connect, transcript }) => {
  const stalled = await connect('client that stops reading');
  stalled.stopReading();
  const filled = await stalled.fillUntilStalled({ quietMs: scaled(600) });
  transcript.record('harness', 'note', filled.stalled ? 'the server holds data for the stalled client it cannot send' : 'the server kept taking bytes (never stalled)');
  const other = await connect('other client');
  await other.send('are you stuck?');
  try {
    await other.expect('are you stuck?', { timeoutMs: scaled(3000) });
  } catch (err) {
    if (isSockgradeError(err, 'E_TIMEOUT')) {
      throw new SockgradeError('E_NOT_CONCURRENT', 'another client got no reply while one client stopped reading: is the server blocked in send()/sendall() to the client that stopped reading?', { details: err.details });
    }
    throw err;
  }
});

test('clients that leave mid-stream (FIN or RST) disturb no one', {
  meta: { points: 2, hint: 'When one client closes or resets (recv() returns b"", ConnectionResetError, BrokenPipeError), close only that connection and keep serving everyone else.' },
}, async ({ server, transcript, connect }) => {
  await using staying = await ClientCrowd.open(server.endpoint, 10, transcript, { prefix: 'staying client' });
  await using leaving = await ClientCrowd.open(server.endpoint, 10, transcript, { prefix: 'leaving client' });
  const all = [...staying.clients, ...leaving.clients];
  const first = new Map(all.map((c, i) => [c.label, message(c.label, i, 1)] as const));
  await staying.run((c) => roundTrip(c, first.get(c.label) as Buffer, () => first), { lead: crowdLead });
  await leaving.run((c) => roundTrip(c, first.get(c.label) as Buffer, () => first), { lead: crowdLead });
  // Leave in the middle of a stream: half of them close (FIN), half reset (RST), with echoes still due.
  await leaving.run(async (c, i) => {
    await c.send(patternBytes(64 * 1024, 100 + i));
    if (i % 2 === 0) await c.close();
    else await c.reset();
  });
  const second = new Map(staying.clients.map((c, i) => [c.label, message(c.label, i, 2)] as const));
  await staying.run((c) => roundTrip(c, second.get(c.label) as Buffer, () => second), { lead: () => 'after other clients left mid-stream' });
  const late = await connect('late client');
  await late.send('still accepting?');
  await late.expect('still accepting?', { timeoutMs: crowdDeadline() });
});

// Clients come and go: `count` clients, at most 4 at a time (fewer than any listen backlog, so even an
// iterative server serves them in turn: these tests are about cleaning up, not about concurrency); each
// connects, is echoed once, and closes (or resets, every third one).
async function comeAndGo(server: { endpoint: Endpoint }, transcript: Transcript, count: number, prefix: string): Promise<void> {
  const failures: ClientFailure[] = [];
  const sent = new Map<string, Buffer>();
  let next = 0;
  const lane = async (): Promise<void> => {
    // After a failure no new client starts: a stuck server would make each wait out its deadline.
    while (next < count && failures.length === 0) {
      const i = next++;
      const label = `${prefix} ${i + 1}`;
      try {
        const c = await StreamClient.connect(server.endpoint, label, transcript, { timeoutMs: crowdDeadline() });
        try {
          const msg = message(label, i, 1);
          sent.set(label, msg);
          await roundTrip(c, msg, () => sent);
          if (i % 3 === 2) await c.reset();
          else await c.close();
        } finally {
          await c[Symbol.asyncDispose]();
        }
      } catch (error) {
        failures.push({ label, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, count) }, lane));
  if (failures.length > 0) throw crowdFailure(count, failures, { lead: `clients coming and going, at most 4 at a time, ${next} started` });
}

test('keeps no dead connections as clients come and go (open descriptors)', {
  meta: { points: 2, hint: 'Close each connection once its client has left (recv() returned b"" or raised), and forget it: remove it from your select()/poll() list or client table. A fork server\'s parent must close its copy of the connection after fork().' },
}, async ({ server, transcript, connect, skip }) => {
  if (process.platform !== 'linux') skip('open descriptors are counted in /proc/<pid>/fd, which only Linux has');
  const warm = await connect('first client');
  await warm.send('warm up');
  await warm.expect('warm up');
  await warm.close();
  const stable = async (): Promise<number> => openDescriptorCount(await server.processes());
  await pollUntil(async () => (await stable()) <= (await stable()), scaled(1000));
  const before = await stable();
  const clients = 3 * 20;
  await comeAndGo(server, transcript, clients, 'passing client');
  let after = 0;
  const settled = await pollUntil(async () => (after = await stable()) <= before + 3, scaled(3000));
  transcript.record('kernel', 'note', `server's open descriptors: ${before} before, ${after} after ${clients} clients came and went`);
  if (!settled) {
    throw new SockgradeError('E_FD_LEAK', `the server held ${after - before} more open descriptors after ${clients} clients came and went (${before} before, ${after} after): does it close each connection whose client left, and drop it from its select()/poll() list?`);
  }
});

test('does not spin after clients leave (idle CPU near zero)', {
  meta: { points: 1, hint: 'A closed socket stays "readable" forever (recv() returns b""): a select()/poll() loop that keeps watching it spins at 100% CPU. Remove it from the list and close it.' },
}, async ({ server, transcript, skip }) => {
  if (!(await canMeasureCpu())) skip('CPU time is read from /proc/<pid>/schedstat, which only Linux has');
  const descriptors = async (): Promise<number> => openDescriptorCount(await server.processes());
  const before = await descriptors();
  await comeAndGo(server, transcript, 10, 'passing client');
  // Let the server finish with the departures first (its descriptors back where they were; a server that
  // keeps them open gets the same few seconds), so a loaded machine's late wake-ups are not taken for a loop.
  await pollUntil(async () => (await descriptors()) <= before + 1, scaled(3000));
  // A spinning server is busy in every window; a correct one, woken late on a loaded machine, in one at most.
  const written = await outputMeter(server);
  const idle = await measureIdleCpu(() => server.processes());
  const outputBytes = await written();
  transcript.record('kernel', 'note', `server busy ${idle.windowsNote} after the clients left; it wrote ${plural(outputBytes, 'byte')} meanwhile`);
  if (idle.spinning) throw busyWhileIdle({ ...idle, outputBytes, after: 'after its clients left', guess: 'does its loop keep watching or reading closed connections?' });
});

test('a fork server reaps its children (no zombies left as clients come and go)', {
  meta: { points: 1, hint: 'A child that exits stays a zombie until its parent waits for it: reap children with os.waitpid (in a SIGCHLD handler, or os.waitpid(-1, os.WNOHANG) in a loop around accept()), or use signal.signal(signal.SIGCHLD, signal.SIG_IGN).' },
}, async ({ server, transcript, connect, skip }) => {
  if (process.platform !== 'linux') skip('process states are read from /proc, which only Linux has');
  const clients = 20;
  await comeAndGo(server, transcript, clients, 'passing client');
  // Each probe client is a new accept(): a server that reaps around accept() gets its chance; one child
  // whose client just left may still be unreaped.
  let zombies: number[] = [];
  let probe = 0;
  const reaped = await pollUntil(async () => {
    const client = await connect(`probe client ${++probe}`);
    await client.send('reaped?');
    await client.expect('reaped?', { timeoutMs: crowdDeadline() });
    await client.close();
    zombies = await zombieChildren(await server.processes());
    return zombies.length <= 1;
  }, scaled(3000), { intervalMs: 50 });
  transcript.record('kernel', 'note', `zombie children of the server: ${zombies.length}`);
  if (!reaped) {
    throw new SockgradeError('E_ZOMBIES', `${zombies.length} children of the server stayed zombies (exited, never reaped) after ${clients} clients came and went: does the parent call os.waitpid() for its children?`);
  }
});
