import { assignmentTest, commands, keepsServing, scaled, SockgradeError } from 'sockgrade';

const test = assignmentTest({ endpoint: 'tcp' });

// Only harmless commands are sent (echo, printf, head -c from /dev/zero, writes to stderr, exit 3); the
// server runs sandboxed like every submission. Clients may be served one at a time (as in the seed), so
// every test closes a connection before it opens the next.

test('replies with header length, JSON header, then the output', {
  meta: { points: 2, hint: 'out = subprocess.run(cmd, shell=True, capture_output=True); body = out.stdout + out.stderr; header = json.dumps({"total_size": len(body)}).encode(); conn.sendall(struct.pack("i", len(header)) + header + body)' },
}, async ({ connect }) => {
  const client = commands(await connect());
  await client.run('echo hello', { stdout: 'hello\n' });
  await client.run("printf 'two\\nlines'", { stdout: 'two\nlines' });
});

test('counts a multi-byte UTF-8 output in bytes', {
  meta: { points: 2, hint: 'total_size and the header length count bytes: len(body) of the bytes subprocess returns, len(header_bytes) of the encoded JSON; len() of a decoded str counts characters.' },
}, async ({ connect }) => {
  const client = commands(await connect());
  await client.run("echo 'naïve café ✓ 日本語'", { stdout: 'naïve café ✓ 日本語\n' });
});

test('sends stderr after stdout in the body', {
  meta: { points: 2, hint: 'The body is the command\'s stdout, then its stderr, in one reply: capture both (capture_output=True) and send out.stdout + out.stderr.' },
}, async ({ connect }) => {
  const client = commands(await connect());
  await client.run('echo out; echo err >&2', { stdout: 'out\n', stderr: 'err\n' });
  await client.run('echo only to stderr >&2', { stderr: 'only to stderr\n' });
});

test('answers a command that fails (exit 3) with its output', {
  meta: { points: 1, hint: 'A command that exits non-zero is still answered with its stdout and stderr (do not use check=True; a failing command is not a server error).' },
}, async ({ connect }) => {
  const client = commands(await connect());
  await client.run('echo partial; echo failed >&2; exit 3', { stdout: 'partial\n', stderr: 'failed\n' });
  await client.run('exit 3', {});
});

test('answers no output with total_size 0, then the next command', {
  meta: { points: 2, hint: 'No output is a reply too: a header with total_size 0 and no body. Never skip the reply, and never wait for a body of 0 bytes (conn.send(b"") sends nothing; the client stays stuck).' },
}, async ({ connect }) => {
  const client = commands(await connect());
  await client.run('true', {});
  await client.run('echo next', { stdout: 'next\n' });
});

// Heavy (10 MiB through a shell, a pipe and a socket): run alone, so a check of many programs at once
// never runs a dozen of them together on a loaded machine.
test.sequential('sends an output of several MiB byte-exact', {
  meta: { points: 2, hint: 'conn.sendall(header + body) sends everything, however slowly the client reads; send() may send only part (on a non-blocking socket the rest is lost). total_size is the whole output.' },
}, async ({ connect }) => {
  const client = commands(await connect());
  const half = 5 * 1024 * 1024;
  const zeros = Buffer.alloc(half);
  await client.run(`head -c ${half} /dev/zero; printf middle; head -c ${half} /dev/zero`, { stdout: Buffer.concat([zeros, Buffer.from('middle'), zeros]) }, { timeoutMs: scaled(20_000), idleMs: scaled(3000), slowReader: true });
});

test('runs several commands on one connection', {
  meta: { points: 2, hint: 'Loop: recv a command, run it, send its reply, recv the next, until recv() returns b"" (the client left). Do not close after one reply.' },
}, async ({ connect }) => {
  const client = commands(await connect());
  await client.run('echo one', { stdout: 'one\n' });
  await client.run("printf '%s-%s' two three", { stdout: 'two-three' });
  await client.run('true', {});
  await client.run('echo four >&2', { stderr: 'four\n' });
  await client.run('head -c 100000 /dev/zero', { stdout: Buffer.alloc(100000) });
  await client.run('echo five', { stdout: 'five\n' });
});

test('keeps serving after a client leaves mid-reply', {
  meta: { points: 1, hint: 'sendall() raises BrokenPipeError / ConnectionResetError when the client has gone: catch OSError around the exchange, close that connection, go back to accept().' },
}, async ({ connect, server }) => {
  const leaving = await connect('leaving client');
  await leaving.send('head -c 8388608 /dev/zero');
  // The reply has begun; the client stops reading (the server's sendall() blocks: 8 MiB is more than the
  // kernel buffers of a connection whose client does not read hold) and resets.
  const start = await leaving.take(5, { timeoutMs: scaled(5000) });
  if (start.ended) throw new SockgradeError(start.ended === 'timeout' ? 'E_TIMEOUT' : 'E_EARLY_EOF', `leaving client sent "head -c 8388608 /dev/zero" and received ${start.bytes.length} bytes of a reply, then ${start.ended === 'timeout' ? 'nothing more' : 'the server closed the connection'}`);
  leaving.stopReading();
  await leaving.reset();
  await keepsServing(server, 'after a client reset the connection in the middle of a reply', async () => {
    const next = commands(await connect('next client'));
    await next.run('echo still serving', { stdout: 'still serving\n' }, { timeoutMs: scaled(5000) });
  });
});

test('keeps serving after a command that is not UTF-8', {
  meta: { points: 1, hint: 'cmd.decode("utf-8") raises UnicodeDecodeError on invalid bytes: catch it and send a reply (e.g. an error in the header) or close that connection; keep serving.' },
}, async ({ connect, server }) => {
  const bad = commands(await connect('client with a bad command'));
  await keepsServing(server, 'after a command that is not UTF-8', () => bad.runAnyReply(Buffer.from([0x65, 0x63, 0x68, 0x6f, 0x20, 0xff, 0xfe, 0x0a])));
  await bad.stream.close();
  await keepsServing(server, 'after a command that is not UTF-8', async () => {
    const next = commands(await connect('next client'));
    await next.run('echo still serving', { stdout: 'still serving\n' });
  });
});
