import { readFile } from 'node:fs/promises';
import { SockgradeError, isSockgradeError } from '../errors/sockgrade-error.ts';
import { plural } from '../bytes/show-bytes.ts';
import { defaultTimeouts, scaled } from '../time/timeouts.ts';
import type { StreamClient } from './stream-client.ts';
import { untilServerWaitsOnUs } from './server-waits-on-us.ts';
import type { ServerWait } from './server-waits-on-us.ts';

const MiB = 1024 * 1024;

async function sysctlNumbers(name: string): Promise<number[]> {
  const text = await readFile(`/proc/sys/${name}`, 'utf8').catch(() => '');
  return text.trim().split(/\s+/).map(Number).filter(Number.isFinite);
}

// A payload larger than all the echo the kernel can hold for a client that does not read, so that a
// server that keeps reading must still hold part of the echo itself when it reads the FIN: the server's
// send buffer at its largest (tcp_wmem max; autotuning grows it) plus our receive buffer (tcp_rmem
// default: it grows only as the application reads, tcp_rcv_space_adjust), twice over. At least 8 MiB,
// at most 64 MiB; a Unix socket holds far less (its send buffer, wmem_default, ~208 KiB).
export async function unreadEchoBytes(): Promise<number> {
  const [wmem, rmem] = await Promise.all([sysctlNumbers('net/ipv4/tcp_wmem'), sysctlNumbers('net/ipv4/tcp_rmem')]);
  const held = (wmem[2] ?? 4 * MiB) + (rmem[1] ?? 128 * 1024);
  return Math.min(64 * MiB, Math.max(8 * MiB, Math.ceil((2 * held) / MiB) * MiB));
}

export interface EchoAfterHalfCloseOptions {
  // Every live process of the server (StartedServer.processes()).
  readonly processes: () => Promise<number[]>;
  // For the whole exchange; the final read gets at least expectMs more.
  readonly timeoutMs?: number;
}

// The wait's story for the transcript and for failure messages: what the server still owed beyond what the
// kernel held for us, when it had read our FIN, is what it held itself (or dropped).
function waitNote(wait: ServerWait, client: StreamClient, sent: number): string {
  const owed = sent - client.bytesReceived - (wait.echoInKernel ?? sent);
  return wait.reason === 'finished' && owed > 0 ? `${wait.note}: about ${plural(owed, 'byte')} of echo still owed beyond what the kernel held` : wait.note;
}

// What the client reads at a time from a server that stopped reading: far less than the kernel holds on
// either side (~4 MiB each way on Linux), so the server is soon backed up again.
const READ_STEP_BYTES = 1024 * 1024;

// Sends the payload and half-closes (FIN) without reading anything, so a server that queues its echo
// holds part of it when it reads the FIN, and reads only when the server waits on us (untilServerWaitsOnUs:
// never a timer); then expects the whole echo and the server's close.
// A server that stops reading instead (blocking sendall(), backpressure, a relay such as socat or ncat) is
// then read 1 MiB at a time, holding again whenever it sleeps with our bytes unread: its output stays backed
// up, so it meets our FIN (which rides on our last bytes) with echo still in its queue or pipeline, and one
// that quits at EOF drops it. The moment it has read our FIN the client reads to the end without waiting
// for it to sleep: a relay may give up soon after EOF (socat -t, 0.5 s). A server that closes with echo
// still owed fails with E_EARLY_EOF; a correct one (sendall(), backpressure, queues flushed before close)
// passes, on every run.
export async function expectEchoAfterHalfClose(client: StreamClient, payload: Buffer, { processes, timeoutMs = scaled(10_000) }: EchoAfterHalfCloseOptions): Promise<void> {
  const started = performance.now();
  const deadline = started + timeoutMs;
  const left = (): number => Math.max(1, Math.round(deadline - performance.now()));
  client.stopReading();
  const sending = client.send(payload).then(() => client.shutdownWrite());
  // A failed send shows up as the reset the read below reports; awaited at the end.
  sending.catch(() => undefined);
  const notes: string[] = [];
  // Until the server first stops reading, it is not read at all; from then on, in steps.
  let stepping = false;
  for (;;) {
    const wait = await untilServerWaitsOnUs(client, { processes, finishedAtOnce: stepping, deadlineMs: left() });
    const note = waitNote(wait, client, payload.length);
    notes.push(note);
    client.transcript.record('kernel', 'note', wait.reason === 'unobservable' ? `${note}: the client reads while it sends (a server that drops queued echo at the FIN may pass here)` : note);
    // A step never waits for more than the echo still owed: a server that sent it all may never close.
    const owed = payload.length - client.bytesReceived;
    if (wait.reason !== 'unread' || owed <= 0) break;
    stepping = true;
    if (!(await client.readSome(Math.min(READ_STEP_BYTES, owed), { timeoutMs: left() }))) break;
  }
  const note = notes.at(-1) as string;
  client.resumeReading();
  try {
    await client.expect(payload, { timeoutMs: Math.max(left(), scaled(defaultTimeouts.expectMs)) });
  } catch (err) {
    const sent = `${client.label} sent ${plural(payload.length, 'byte')} and half-closed`;
    const got = client.bytesReceived;
    const details = [`  observed  ${note}`, isSockgradeError(err) ? err.details : ''].filter(Boolean).join('\n');
    if (isSockgradeError(err, 'E_EARLY_EOF')) {
      throw new SockgradeError('E_EARLY_EOF', `${sent}; the server closed the connection after sending back ${got} of them: it dropped ${plural(payload.length - got, 'byte')} of echo it still owed`, { details, context: err.context, cause: err });
    }
    // The kernel resets a connection closed with bytes unread (RFC 2525, 2.17; tcp_close), and a Unix
    // socket's peer sees ECONNRESET alike: the server closed before it had read everything we sent.
    if (isSockgradeError(err, 'E_RESET')) {
      throw new SockgradeError('E_RESET', `${sent}; the server reset the connection after sending back ${got} of them: did it close before recv() returned b"", with bytes of ours unread?`, { details, context: err.context, cause: err });
    }
    if (isSockgradeError(err, 'E_TIMEOUT')) {
      throw new SockgradeError('E_TIMEOUT', `${sent}; ${Math.round(performance.now() - started)}ms later the server had sent back only ${got} of them, and the connection was still open`, { details, context: err.context, cause: err });
    }
    throw err;
  }
  await sending;
  await client.expectEof();
}
