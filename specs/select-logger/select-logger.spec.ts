import type { ExpectedLine, StdinWriter, StreamClient } from 'sockgrade';
import {
  assignmentTest,
  canMeasureCpu,
  describeLog,
  expectLogLines,
  isBlankLogLine,
  LogFile,
  scaled,
  SockgradeError,
  untilServerRead,
} from 'sockgrade';
import { measureIdleCpu } from '../shared/idle-cpu.ts';

// Every server starts with this line already in {log}: it must still be there (append, not overwrite).
const OLD_LINE = 'Mon Nov 23 10:00:00 2026 a line from an earlier run';

const test = assignmentTest({ endpoint: 'tcp', log: { initial: `${OLD_LINE}\n` }, stdin: 'pipe' });

// How long a line may take to reach the file in the tests that are not about speed (generous: a loaded
// machine may be slow to schedule the server; only the flush test asks for 1 s).
const LINE_MS = 5000;

// {log}, read as it grows; blank lines (and stamps with no text) are not kept.
function logOf(path: string): LogFile {
  return new LogFile(path, { keep: (line) => !isBlankLogLine(line) });
}

// Paces a test's writes on the server's reads (TCP on Linux: /proc/net/tcp shows when the server has
// read what was sent), so the next write is its own recv() for a prompt reader. Once a read does not come
// (the server is not reading that client), later writes go out unpaced: one wait per test, not per line.
class Pacer {
  #on = process.platform === 'linux';

  async after(client: StreamClient): Promise<{ readByServer?: boolean }> {
    if (!this.#on) return {};
    const readByServer = await untilServerRead(client);
    if (!readByServer) this.#on = false;
    return { readByServer };
  }
}

// Sends bytes from a client in one write, paced; `lines` are what the log must show for them.
async function send(pacer: Pacer, client: StreamClient, bytes: string | Buffer, lines: readonly (string | RegExp)[]): Promise<ExpectedLine[]> {
  const sentAt = Date.now();
  await client.send(bytes);
  const seen = await pacer.after(client);
  return lines.map((text) => ({ text, from: client.label, sentAt, ...seen }));
}

// One line from a client ("\n" added).
function sendLine(pacer: Pacer, client: StreamClient, text: string): Promise<ExpectedLine[]> {
  return send(pacer, client, `${text}\n`, [text]);
}

// One line typed on the server's stdin.
async function typeLine(stdin: StdinWriter, text: string): Promise<ExpectedLine[]> {
  const sentAt = Date.now();
  await stdin.writeLine(text);
  return [{ text, from: 'stdin', sentAt }];
}

test('logs a client line with a ctime() timestamp', {
  meta: { points: 2, hint: 'For each line a client sends, append time.ctime() + " " + line + "\\n" to the log (e.g. "Tue Nov 24 00:48:18 2026 hello").' },
}, async ({ connect, log }) => {
  const pacer = new Pacer();
  const client = await connect();
  await expectLogLines(logOf(log.path), await sendLine(pacer, client, 'hello from client 1'), { timeoutMs: scaled(LINE_MS) });
});

test('logs a line typed on stdin', {
  meta: { points: 2, hint: 'Watch sys.stdin in the same select() as the sockets; when it is readable, read one line (sys.stdin.readline()) and log it like a client line.' },
}, async ({ stdin, log }) => {
  await expectLogLines(logOf(log.path), await typeLine(stdin, 'typed on the server console'), { timeoutMs: scaled(LINE_MS) });
});

test('logs two lines sent in one write as two log lines', {
  meta: { points: 1, hint: 'One recv() may hold several lines: split what you received on "\\n" and log each complete line with its own timestamp; keep an unfinished rest for the next recv().' },
}, async ({ connect, log }) => {
  const pacer = new Pacer();
  const client = await connect();
  // The first line ends in "\r\n", as from a Windows or telnet client: its "\r" may be kept or dropped.
  const expected = await send(pacer, client, 'first of two lines\r\nsecond of two lines\n', ['first of two lines', 'second of two lines']);
  await expectLogLines(logOf(log.path), expected, { timeoutMs: scaled(LINE_MS) });
});

test('logs a line sent in two writes as one log line', {
  meta: { points: 1, hint: 'One recv() may hold part of a line: keep a buffer per client and log a line only once its "\\n" has arrived.' },
}, async ({ connect, log }) => {
  const pacer = new Pacer();
  const client = await connect();
  const sentAt = Date.now();
  await send(pacer, client, 'one line sent ', []);
  const [line] = await send(pacer, client, 'in two writes\n', ['one line sent in two writes']);
  await expectLogLines(logOf(log.path), [{ ...(line as ExpectedLine), sentAt }], { timeoutMs: scaled(LINE_MS) });
});

test("logs several clients at once, each client's lines in order", {
  meta: { points: 2, hint: 'Every client socket goes in the select() list; for each readable one, recv() from THAT socket (r.recv(), not the last accepted c.recv()), so no client waits for another.' },
}, async ({ connect, log }) => {
  const pacer = new Pacer();
  const clients = [await connect('client A'), await connect('client B'), await connect('client C')];
  const expected: ExpectedLine[] = [];
  for (let round = 1; round <= 2; round++) {
    for (const client of clients) expected.push(...(await sendLine(pacer, client, `${client.label}, line ${round}`)));
  }
  await expectLogLines(logOf(log.path), expected, { timeoutMs: scaled(LINE_MS) });
});

test('keeps logging after clients leave', {
  meta: { points: 2, hint: 'When recv() returns b"" (or raises ConnectionResetError), remove THAT socket from the list (rlist.remove(r)) and close it; the server goes on with the others.' },
}, async ({ connect, log }) => {
  const pacer = new Pacer();
  const file = logOf(log.path);
  const leaving = await connect('leaving client');
  await expectLogLines(file, await sendLine(pacer, leaving, 'a line before leaving'), { timeoutMs: scaled(LINE_MS) });
  await leaving.close();
  const resetting = await connect('resetting client');
  await expectLogLines(file, await sendLine(pacer, resetting, 'a line before a reset'), { timeoutMs: scaled(LINE_MS) });
  await resetting.reset();
  const staying = await connect('next client');
  await expectLogLines(file, await sendLine(pacer, staying, 'still logged after two clients left'), { timeoutMs: scaled(LINE_MS) });
});

test('keeps the lines already in the log (appends)', {
  meta: { points: 1, hint: 'Open the log with open(path, "a") (append): "w" erases what the file already holds.' },
}, async ({ stdin, log }) => {
  const file = logOf(log.path);
  await expectLogLines(file, await typeLine(stdin, 'a new line after the old ones'), { timeoutMs: scaled(LINE_MS) });
  const snapshot = await file.read();
  if (snapshot.lines[0]?.text !== OLD_LINE) {
    throw new SockgradeError('E_LOG_MISSING', `the line that was in the log before the server started, ${JSON.stringify(OLD_LINE)}, is no longer its first line: open the log for appending ("a"), never "w"`, {
      details: `log ${log.path}: ${describeLog(snapshot)}`,
    });
  }
});

test('writes each line to the file within 1 s (flushes)', {
  meta: { points: 1, hint: 'Writes to a file are buffered: call f.flush() after each line (or open it with buffering=1), or the line sits in memory and is lost when the server is killed.' },
}, async ({ connect, stdin, log }) => {
  const pacer = new Pacer();
  const file = logOf(log.path);
  const client = await connect();
  await expectLogLines(file, await sendLine(pacer, client, 'in the file within a second'), { timeoutMs: scaled(1000) });
  await expectLogLines(file, await typeLine(stdin, 'typed, and in the file within a second'), { timeoutMs: scaled(1000) });
});

test('logs invalid UTF-8 with replacement characters and keeps going', {
  meta: { points: 1, hint: 'Bytes from a client need not be UTF-8: decode with .decode("utf-8", errors="replace") (invalid bytes become U+FFFD) instead of .decode(), which raises UnicodeDecodeError.' },
}, async ({ connect, log }) => {
  const pacer = new Pacer();
  const client = await connect();
  const bad = await send(pacer, client, Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(' au lait '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]), [/^caf\uFFFD+ au lait \uFFFD+$/u]);
  const after = await sendLine(pacer, client, 'still logging after invalid UTF-8');
  await expectLogLines(logOf(log.path), [...bad, ...after], { timeoutMs: scaled(LINE_MS) });
});

test('logs an unterminated last line when its client closes', {
  meta: { points: 1, hint: 'When recv() returns b"", log what is left in that client\'s buffer (a last line without "\\n") before closing it.' },
}, async ({ connect, log }) => {
  const pacer = new Pacer();
  const client = await connect();
  const expected = await send(pacer, client, 'goodbye without a newline', ['goodbye without a newline']);
  await client.close();
  await expectLogLines(logOf(log.path), expected, { timeoutMs: scaled(LINE_MS) });
});

test('after stdin EOF, keeps logging clients and does not spin', {
  meta: { points: 1, hint: 'At EOF sys.stdin.readline() returns "" at once, forever, and select() keeps reporting stdin readable: remove stdin from the select() list (do not write empty lines in a loop).' },
}, async ({ connect, stdin, log, server, transcript, skip }) => {
  const pacer = new Pacer();
  await stdin.end();
  const client = await connect();
  await expectLogLines(logOf(log.path), await sendLine(pacer, client, 'logged after stdin was closed'), { timeoutMs: scaled(LINE_MS) });
  if (!(await canMeasureCpu())) skip('CPU time is read from /proc/<pid>/schedstat, which only Linux has');
  const idle = await measureIdleCpu(() => server.processes());
  transcript.record('kernel', 'note', `server busy ${idle.windowsNote} after stdin closed`);
  if (idle.spinning) {
    const snapshot = await logOf(log.path).read();
    throw new SockgradeError('E_BUSY_LOOP', `after stdin closed, the server kept a CPU busy ${Math.round(idle.share * 100)}% of ${Math.round(idle.windowMs)}ms, even in the quieter of two windows (expected near 0%: is stdin still in the select() list?)`, {
      details: snapshot.dropped > 0 ? `the log has ${snapshot.dropped} blank lines` : '',
    });
  }
});
