import { plural } from '../bytes/show-bytes.ts';
import { connectionEnds } from '../probes/tcp-connections.ts';
import { asleepThroughout, awakeCount, canSeeThreadSleep, threadSnapshot } from '../probes/thread-activity.ts';
import type { ThreadSnapshot } from '../probes/thread-activity.ts';
import { systemClock } from '../time/clock.ts';
import type { Clock } from '../time/clock.ts';
import { scaled } from '../time/timeouts.ts';
import type { StreamClient } from './stream-client.ts';

// Why the wait ended. 'unread': the server holds bytes of ours it is not reading (it stopped reading
// until we read). 'finished': it has read everything we sent, FIN included, or closed the connection.
// 'ended': our connection failed or was closed. 'stalled': nothing moved for stallMs but some thread
// of the server never slept. 'unobservable': this platform does not show it; nothing was waited for.
// 'drained' (TCP, option `drained`): our FIN not yet sent, it has read every byte we sent so far.
export type ServerWaitReason = 'unread' | 'finished' | 'drained' | 'ended' | 'stalled' | 'unobservable';

export interface ServerWait {
  readonly reason: ServerWaitReason;
  // What was seen, for the transcript.
  readonly note: string;
  // TCP: echo bytes on their way to us when the wait ended (the server's send queue and ours to read).
  readonly echoInKernel?: number;
  // TCP: bytes of ours the server has not read yet (its receive queue, our send queue, libuv's queue).
  readonly oursUnread?: number;
  // True once our FIN is in the server's receive queue (or read): it will see EOF after what it holds.
  readonly finDelivered: boolean;
}

export interface ServerWaitOptions {
  // Every live process of the server (StartedServer.processes()).
  readonly processes: () => Promise<number[]>;
  // Gives up when nothing moves for this long although a thread of the server stays awake.
  readonly stallMs?: number;
  // Gives up after this long in any case (a server that trickles forever).
  readonly deadlineMs?: number;
  // Ends the wait at the first reading that shows the server has read our FIN (or closed), without waiting
  // for it to sleep: for a server known to stop reading, which may give up on us soon after EOF (socat -t).
  readonly finishedAtOnce?: boolean;
  // Before our FIN, a server asleep with every byte we sent read (TCP) waits on us too ('drained');
  // without this option that wait goes on until it stalls.
  readonly drained?: boolean;
  // The server's threads just before our last send: with `drained`, lets a server that ran since then and
  // sleeps with nothing of ours in its receive queue count as drained before it acknowledges our bytes.
  readonly sentSince?: ThreadSnapshot;
  readonly clock?: Clock;
}

// One reading of our connection. `move` says whose move it is on this connection alone: the server's
// ('reading': bytes of ours are on their way to it) or ours ('unread' / 'finished'), or nobody's ('ended').
interface LinkReading {
  readonly move: 'reading' | 'unread' | 'finished' | 'drained' | 'ended';
  // What the move means, after "the server", for notes: "stopped reading, holding bytes of ours".
  readonly headline: string;
  readonly finDelivered: boolean;
  // Everything that changes when bytes move; equal in two readings means nothing moved.
  readonly fingerprint: string;
  // The queues as read, for notes.
  readonly queues: string;
  readonly echoInKernel?: number;
  readonly oursUnread?: number;
  // Before our FIN: nothing of ours in its receive queue or libuv's, but our send queue holds bytes not yet
  // acknowledged (on their way to it, or read and not yet acknowledged).
  readonly unackedOnly?: boolean;
}

const DRAINED = 'has read everything we sent so far';

const ENDED: LinkReading = { move: 'ended', headline: 'ended the connection', finDelivered: true, fingerprint: 'ended', queues: 'our end closed or reset' };

// States of the server's end in which it has sent its FIN (closed or shut down its side).
const SERVER_CLOSED = new Set(['FIN_WAIT1', 'FIN_WAIT2', 'CLOSING', 'TIME_WAIT', 'LAST_ACK', 'CLOSE']);

async function readTcpLink(client: StreamClient): Promise<LinkReading> {
  if (client.endpoint.kind !== 'tcp' || client.localPort === undefined) return ENDED;
  const { server, client: ours } = await connectionEnds(client.endpoint.port, client.localPort, { host: client.endpoint.host });
  // Our end leaves the table only once reset (a socket in CLOSE is unhashed), before a paused client notices.
  if (!ours) return ENDED;
  const fingerprint = `${server?.state}:${server?.rxQueue}:${server?.txQueue}:${ours.state}:${ours.rxQueue}:${ours.txQueue}:${client.unsentBytes}:${client.finSent}`;
  const echoInKernel = (server?.txQueue ?? 0) + ours.rxQueue;
  const queues = server ? `its end ${server.state}, ${plural(server.rxQueue, 'byte')} of ours unread, ${plural(server.txQueue, 'byte')} of echo unacknowledged; ours ${plural(ours.rxQueue, 'byte')} to read` : 'its end of the connection gone';
  const oursUnread = (server?.rxQueue ?? 0) + ours.txQueue + (client.unsentBytes ?? 0);
  const reading = { fingerprint, queues, echoInKernel, oursUnread };
  // rx_queue is rcv_nxt - copied_seq and our FIN takes one sequence number, counted as read once recv()
  // reaches it (tcp_recvmsg), so an end past ESTABLISHED with nothing unread has read our FIN.
  const finDelivered = !server || server.state !== 'ESTABLISHED';
  if (!server || SERVER_CLOSED.has(server.state)) return { move: 'finished', headline: 'closed the connection', finDelivered, ...reading };
  if (finDelivered && server.rxQueue === 0) return { move: 'finished', headline: 'has read everything we sent, FIN included', finDelivered, ...reading };
  if (server.rxQueue > 0) return { move: 'unread', headline: 'stopped reading, holding bytes of ours', finDelivered, ...reading };
  // Nothing of ours unread, in flight (tx_queue counts bytes not yet sent too) or still in libuv's queue.
  if (!client.finSent && client.unsentBytes === 0) {
    if (ours.txQueue === 0) return { move: 'drained', headline: DRAINED, finDelivered, ...reading };
    if (server.state === 'ESTABLISHED') return { move: 'reading', headline: 'has bytes of ours on their way to it', finDelivered, unackedOnly: true, ...reading };
  }
  return { move: 'reading', headline: 'has bytes of ours on their way to it', finDelivered, ...reading };
}

// A Unix stream socket has no per-connection queues in /proc, but the kernel hands what we write straight
// to the server's receive queue (unix(7)) and wakes its readers in our own write()/shutdown() call. So once
// our FIN is handed over, a server that still watches this connection has something to read (EOF) and
// cannot sleep; and while libuv holds bytes the kernel would not take, our send buffer is full of bytes
// the server has not read (a stream socket polls writable only once 3/4 of it is free: unix_writable).
function readUnixLink(client: StreamClient): LinkReading {
  const unsent = client.unsentBytes;
  if (unsent === undefined) return ENDED;
  const fingerprint = `${unsent}:${client.finSent}`;
  if (client.finSent) return { move: 'finished', headline: 'has our FIN in its receive queue', finDelivered: true, fingerprint, queues: 'all our bytes handed over' };
  const queues = `${plural(unsent, 'byte')} of ours not taken by the kernel`;
  if (unsent > 0) return { move: 'unread', headline: 'stopped reading: our send buffer is full of bytes it has not read', finDelivered: false, fingerprint, queues };
  return { move: 'reading', headline: 'has bytes of ours on their way to it', finDelivered: false, fingerprint, queues };
}

async function readLink(client: StreamClient): Promise<LinkReading> {
  if (client.ended) return ENDED;
  return client.endpoint.kind === 'unix' ? readUnixLink(client) : readTcpLink(client);
}

function waitFrom(reason: ServerWaitReason, link: LinkReading, what: string): ServerWait {
  return { reason, note: `${what} (${link.queues})`, finDelivered: link.finDelivered, ...(link.echoInKernel === undefined ? {} : { echoInKernel: link.echoInKernel }), ...(link.oursUnread === undefined ? {} : { oursUnread: link.oursUnread }) };
}

const MAX_PAUSE_MS = 20;

// Waits, without a timer deciding, until the server is waiting on us: every thread of its processes is
// asleep and none ran between two consecutive readings, while on our connection it is our move — it holds
// bytes of ours it is not reading, or it has read all of them and our FIN (or closed) — and nothing moved
// between the readings. A server that still reads this connection cannot pass for one that waits: bytes
// or an EOF arriving for it wake it in the same kernel call that queues them (its thread is then awake, or
// ran and slept again). Resolves at once where the kernel does not show this ('unobservable').
export async function untilServerWaitsOnUs(client: StreamClient, { processes, stallMs = scaled(2000), deadlineMs = scaled(10_000), finishedAtOnce = false, drained = false, sentSince, clock = systemClock }: ServerWaitOptions): Promise<ServerWait> {
  if (!(await canSeeThreadSleep()) || client.unsentBytes === undefined) return { reason: 'unobservable', finDelivered: false, note: 'this platform does not show whether the server is asleep' };
  let previous: { link: LinkReading; threads: ThreadSnapshot } | undefined;
  let lastFingerprint = '';
  let previousFingerprint = '';
  let pause = 1;
  const start = clock.now();
  let lastMoveAt = start;
  for (;;) {
    // Order matters: the link first, then the threads (each wchan, then its switch count); see asleepThroughout.
    const read = await readLink(client);
    if (read.move === 'ended') return waitFrom('ended', read, 'the connection ended (closed, or reset by the server)');
    if (finishedAtOnce && read.move === 'finished') return waitFrom('finished', read, `the server ${read.headline}`);
    const threads = await threadSnapshot(await processes());
    let link = read;
    if (read.move === 'drained' && !drained) link = { ...read, move: 'reading', headline: 'has bytes of ours on their way to it' };
    // Our last bytes reached it and it read them: it ran since we sent them, and now nothing of ours is in its
    // receive queue. Its ACK may come up to 40 ms later (delayed: no echo can ride on it while we do not read).
    if (drained && read.unackedOnly && sentSince && !asleepThroughout(sentSince, threads)) link = { ...read, move: 'drained', headline: DRAINED };
    if (previous && link.move !== 'reading' && previous.link.move === link.move && previous.link.fingerprint === link.fingerprint && asleepThroughout(previous.threads, threads)) {
      return waitFrom(link.move, link, `the server ${link.headline}, and sleeps`);
    }
    if (link.fingerprint !== lastFingerprint) {
      lastFingerprint = link.fingerprint;
      lastMoveAt = clock.now();
    } else if (clock.now() - lastMoveAt > stallMs) {
      return waitFrom('stalled', link, `nothing moved for ${stallMs}ms, but ${awakeCount(threads)} of the server's ${plural(threads.size, 'thread')} never slept`);
    }
    if (clock.now() - start > deadlineMs) return waitFrom('stalled', link, `the server was still busy after ${deadlineMs}ms`);
    previous = { link, threads };
    // A poll phase of our event loop passes before the next reading: libuv writes whatever the kernel takes.
    // While nothing moves the readings space out (up to 20 ms): each one makes the kernel print its whole
    // socket table (~11 ms of CPU with a few thousand TIME_WAIT sockets on a busy machine), and back to
    // back they kept a core busy for every test waiting here.
    pause = link.fingerprint === previousFingerprint ? Math.min(pause * 2, MAX_PAUSE_MS) : 1;
    previousFingerprint = link.fingerprint;
    await clock.sleep(pause);
  }
}
