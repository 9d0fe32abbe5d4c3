import { readFile } from 'node:fs/promises';
import { SockgradeError, isSockgradeError } from '../errors/sockgrade-error.ts';
import { plural } from '../bytes/show-bytes.ts';
import { defaultTimeouts, scaled } from '../time/timeouts.ts';
import type { StreamClient } from './stream-client.ts';
import { untilServerWaitsOnUs } from './server-waits-on-us.ts';
import type { ServerWait } from './server-waits-on-us.ts';
import { canSeeThreadSleep, threadSnapshot } from '../probes/thread-activity.ts';
import { connectionEnds } from '../probes/tcp-connections.ts';
import { pollUntil } from '../probes/wait-until.ts';
import type { ThreadSnapshot } from '../probes/thread-activity.ts';

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

// Over TCP, before the FIN, a server that has read everything and holds no echo is sent more, to fill the
// kernel's room. One seen to hold QUEUE_BYTES or more when it stopped reading during the payload (or that
// never stopped) keeps a queue and reads while under some limit: it is sent the room the kernel was seen
// to hold less that limit, then at most FILL_BYTES and half the limit at a time, so that it is still under
// it when the kernel is full, until it holds echo. One that never held that much (sendall(), a relay) is
// sent the room and OVERFILL_BYTES more, once: backed up again, a relay that quits at EOF meets our FIN
// with echo in its pipeline.
const QUEUE_BYTES = 256 * 1024;
const FILL_BYTES = 512 * 1024;
const OVERFILL_BYTES = 256 * 1024;
const MAX_FILLS = 16;

interface ExchangeState {
  readonly client: StreamClient;
  readonly processes: () => Promise<number[]>;
  readonly left: () => number;
  readonly notes: string[];
  // Every send so far: the payload, then what the FIN waited for.
  readonly sends: Promise<void>[];
  // TCP where thread sleep shows: the FIN waits for holdFinWhileServerReads.
  readonly finHeld: boolean;
  sent: number;
  stepping: boolean;
  // With finHeld, the server's threads just before our last send.
  sentSince?: ThreadSnapshot;
}

function record(state: ExchangeState, wait: ServerWait, remark?: string): void {
  const note = waitNote(wait, state.client, state.sent);
  state.notes.push(note);
  const text = wait.reason === 'unobservable' ? `${note}: the client reads while it sends (a server that drops queued echo at the FIN may pass here)` : remark ? `${note}: ${remark}` : note;
  state.client.transcript.record('kernel', 'note', text);
}

// Reads the next step; false once nothing more is owed or the connection ended. A step never waits for
// more than the echo still owed: a server that sent it all may never close.
async function readStep(state: ExchangeState): Promise<boolean> {
  const owed = state.sent - state.client.bytesReceived;
  state.stepping = true;
  return owed > 0 && (await state.client.readSome(Math.min(READ_STEP_BYTES, owed), { timeoutMs: state.left() }));
}

async function sendMore(state: ExchangeState, bytes: Buffer): Promise<void> {
  if (state.finHeld) state.sentSince = await threadSnapshot(await state.processes());
  const sending = state.client.send(bytes);
  // A failed send shows up as the reset the reads report; all sends are awaited at the end.
  sending.catch(() => undefined);
  state.sends.push(sending);
  state.sent += bytes.length;
}

// The echo the server holds itself, at least: not read by us yet (received or in our socket's buffer), not
// in the kernel, and not of bytes it has yet to read (none once drained, though some may await its ACK).
// Bytes we hold unacknowledged count twice in the kernel's queues (ours to read, its unacknowledged), so
// a server holding a little may show none.
function echoHeld(state: ExchangeState, wait: ServerWait): number {
  const unread = wait.reason === 'drained' ? 0 : (wait.oursUnread ?? 0);
  return state.sent - state.client.bytesReceived - state.client.bufferedBytes - (wait.echoInKernel ?? 0) - unread;
}

// TCP, before the FIN: brings the server to read every byte we sent while it holds echo of its own (the
// kernel full), and to show it still reads (it takes one more byte, a probe). The FIN then reaches a server
// that reads it at once, holding that echo, and one that quits at EOF drops it, on every run. Had the FIN
// ridden on our last bytes, a server with backpressure could meet it just after a step of ours let it flush
// its whole queue (a send buffer polls writable only once a third of it is free), and pass now and then.
// A queue that left a probe unread (it was at its limit) gets one more round: a read step, then fills.
// `more` gives the bytes sent beyond the payload (at most its length in all). True when the server reads
// while it holds echo.
async function holdFinWhileServerReads(state: ExchangeState, more: Buffer): Promise<boolean> {
  const { client } = state;
  let extra = 0;
  let fills = 0;
  // The most echo the kernel was seen to hold (its room, roughly: it counts bytes we hold unacknowledged twice).
  let kernelRoom = 0;
  // The most echo the server was seen to hold when it stopped reading during the payload (a lower bound).
  let heldWhenStopped = 0;
  let stoppedDuringPayload = false;
  // What went out since our last read step: a probe, or bytes to fill the kernel's room.
  let probed = false;
  let filled = false;
  // Times the server stopped reading such bytes: a queue at its limit does so once, and reads again
  // after a read step of ours lets it flush.
  let refusals = 0;
  const stop = (wait: ServerWait, remark?: string): false => {
    record(state, wait, remark);
    return false;
  };
  for (;;) {
    const wait = await untilServerWaitsOnUs(client, { processes: state.processes, drained: true, sentSince: state.sentSince, deadlineMs: state.left() });
    const held = echoHeld(state, wait);
    const inKernel = wait.echoInKernel ?? 0;
    kernelRoom = Math.max(kernelRoom, inKernel);
    // A server that never stopped reading queues without limit.
    const queues = !stoppedDuringPayload || heldWhenStopped >= QUEUE_BYTES;
    if (wait.reason === 'unread') {
      if (extra === 0) {
        stoppedDuringPayload = true;
        heldWhenStopped = Math.max(heldWhenStopped, held);
      }
      if (probed || filled) refusals++;
      if (refusals >= (queues ? 2 : 1)) return stop(wait, 'it stops reading while it holds echo: now the FIN');
      probed = false;
      filled = false;
      record(state, wait);
      if (await readStep(state)) continue;
      return false;
    }
    if (wait.reason !== 'drained') return stop(wait);
    let size = 1;
    if (held > 0) {
      if (probed) {
        record(state, wait, 'it holds echo and still reads: now the FIN');
        return true;
      }
      record(state, wait, 'it holds echo: one more byte, to see whether it still reads');
    } else {
      // A queue's limit is about what it held when it stopped, so a fill that overshoots the room by less
      // than that (the room as seen may exceed what the kernel takes now) still leaves it reading.
      const limit = stoppedDuringPayload ? heldWhenStopped : 2 * FILL_BYTES;
      const chunk = queues ? Math.max(Math.min(Math.floor(limit / 2), FILL_BYTES), kernelRoom - inKernel - limit) : kernelRoom - inKernel + OVERFILL_BYTES;
      size = Math.min(chunk, more.length - extra);
      if (size <= 0 || fills++ >= (queues ? MAX_FILLS : 1)) return stop(wait, `it holds no echo, after ${plural(extra, 'byte')} beyond the payload: now the FIN`);
      record(state, wait, `it holds no echo: ${plural(size, 'byte')} more, to fill the kernel's room`);
    }
    probed = held > 0;
    filled = held <= 0;
    await sendMore(state, more.subarray(extra, extra + size));
    extra += size;
  }
}

// Over TCP, after the server's FIN, whether it had read all we sent when it closed. One that had leaves our
// end in TIME_WAIT: it had our FIN before its own went. One that had not either reset the connection at once
// (the kernel resets a connection closed with bytes unread: RFC 2525, 2.17; tcp_close) or sent its FIN and
// then met the bytes that reached it after the close with a reset (tcp_rcv_state_process); either way our
// end is gone. Which of the two happens depends only on whether our next bytes had arrived when it closed,
// so the verdict waits for our end's fate instead of taking the first thing the client read. Undefined when
// it cannot tell by the deadline. (A server that shut down only its sending side, then read to our FIN,
// leaves our end gone too, closed without a reset: it is told the same, still a failure.)
async function closedBeforeReadingAll(client: StreamClient, clientPort: number, deadlineMs: number): Promise<boolean | undefined> {
  if (client.endpoint.kind !== 'tcp') return undefined;
  const { host, port } = client.endpoint;
  let unread: boolean | undefined;
  await pollUntil(
    async () => {
      const { client: ours } = await connectionEnds(port, clientPort, { host });
      unread = !ours ? true : ours.state === 'TIME_WAIT' ? false : undefined;
      return unread !== undefined;
    },
    deadlineMs,
    { intervalMs: 1 },
  );
  if (unread) client.transcript.record('kernel', 'note', 'our end is gone, not in TIME_WAIT: the server closed before it had read everything we sent');
  return unread;
}

// Sends the payload without reading anything, so a server that queues its echo holds part of it, and reads
// only when the server waits on us (untilServerWaitsOnUs: never a timer); then half-closes (FIN) and
// expects the whole echo and the server's close.
// A server that stops reading (blocking sendall(), backpressure, a relay such as socat or ncat) is read
// 1 MiB at a time, holding again whenever it sleeps with our bytes unread, so its output stays backed up.
// Over TCP the FIN waits until the server reads while holding echo (holdFinWhileServerReads); over a Unix
// socket, whose queues /proc does not show, it rides on our last bytes. After the FIN the client reads to
// the end the moment the server has read it, without waiting for it to sleep: a relay may give up soon
// after EOF (socat -t, 0.5 s). A server that closes with echo still owed fails with E_EARLY_EOF; a correct
// one (sendall(), backpressure, queues flushed before close) passes.
export async function expectEchoAfterHalfClose(client: StreamClient, payload: Buffer, { processes, timeoutMs = scaled(10_000) }: EchoAfterHalfCloseOptions): Promise<void> {
  const started = performance.now();
  const deadline = started + timeoutMs;
  const left = (): number => Math.max(1, Math.round(deadline - performance.now()));
  const clientPort = client.localPort;
  const finHeld = client.endpoint.kind === 'tcp' && (await canSeeThreadSleep());
  const state: ExchangeState = { client, processes, left, notes: [], sends: [], finHeld, sent: 0, stepping: false };
  client.stopReading();
  await sendMore(state, payload);
  // What goes beyond the payload repeats it: at most its length again.
  const readsWithEcho = finHeld && (await holdFinWhileServerReads(state, payload));
  const sending = Promise.all(state.sends).then(() => client.shutdownWrite());
  sending.catch(() => undefined);
  if (readsWithEcho) {
    // It reads the FIN before we read anything: one that serves writes first could otherwise flush before.
    record(state, await untilServerWaitsOnUs(client, { processes, finishedAtOnce: true, deadlineMs: left() }));
  } else {
    // Still read in steps: a relay (socat, ncat) that quits at EOF then meets it with echo in its pipeline.
    for (;;) {
      const wait = await untilServerWaitsOnUs(client, { processes, finishedAtOnce: state.stepping, deadlineMs: left() });
      record(state, wait);
      if (wait.reason !== 'unread' || !(await readStep(state))) break;
    }
  }
  const expected = state.sent > payload.length ? Buffer.concat([payload, payload.subarray(0, state.sent - payload.length)]) : payload;
  const note = state.notes.at(-1) as string;
  client.resumeReading();
  try {
    await client.expect(expected, { timeoutMs: Math.max(left(), scaled(defaultTimeouts.expectMs)) });
  } catch (err) {
    const sent = `${client.label} sent ${plural(expected.length, 'byte')} and half-closed`;
    const got = client.bytesReceived;
    const details = [`  observed  ${note}`, isSockgradeError(err) ? err.details : ''].filter(Boolean).join('\n');
    let unread = isSockgradeError(err, 'E_RESET');
    if (isSockgradeError(err, 'E_EARLY_EOF') && clientPort !== undefined) unread = (await closedBeforeReadingAll(client, clientPort, Math.max(left(), scaled(defaultTimeouts.eofMs)))) === true;
    if (isSockgradeError(err, 'E_EARLY_EOF') && !unread) {
      throw new SockgradeError('E_EARLY_EOF', `${sent}; the server closed the connection after sending back ${got} of them: it dropped ${plural(expected.length - got, 'byte')} of echo it still owed`, { details, context: err.context, cause: err });
    }
    // The kernel resets a connection closed with bytes unread, and a Unix socket's peer sees ECONNRESET
    // alike: the server closed before it had read everything we sent (closedBeforeReadingAll).
    if (unread && isSockgradeError(err)) {
      const how = err.code === 'E_RESET' ? `reset the connection after sending back ${got} of them` : `closed the connection after sending back ${got} of them, before it had read all we sent`;
      throw new SockgradeError('E_RESET', `${sent}; the server ${how}: did it close before recv() returned b"", with bytes of ours unread?`, { details, context: err.context, cause: err });
    }
    if (isSockgradeError(err, 'E_TIMEOUT')) {
      throw new SockgradeError('E_TIMEOUT', `${sent}; ${Math.round(performance.now() - started)}ms later the server had sent back only ${got} of them, and the connection was still open`, { details, context: err.context, cause: err });
    }
    throw err;
  }
  await sending;
  await client.expectEof();
}
