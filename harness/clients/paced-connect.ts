import type { Endpoint } from '../launch/endpoint.ts';
import { describeEndpoint } from '../launch/endpoint.ts';
import { SockgradeError, isSockgradeError } from '../errors/sockgrade-error.ts';
import { acceptQueueLength } from '../probes/accept-queue.ts';
import { systemClock } from '../time/clock.ts';
import type { Clock } from '../time/clock.ts';
import { scaled } from '../time/timeouts.ts';

export interface PacedConnectOptions {
  // Connections allowed between our connect() and the server's accept(), queued and in flight together.
  // Linux holds backlog + 1 in the accept queue, so 2 never overflows even listen(1); an overflow drops
  // the SYN or the final ACK and the connection waits out a retransmission (1 s, then 3 s, 7 s …).
  readonly pending?: number;
  // Fails when the server accepts none of the waiting connections for this long.
  readonly stallMs?: number;
  readonly clock?: Clock;
  // The accept queue's length (tests inject one); undefined: not observable, only connects in flight count.
  readonly queueLength?: (endpoint: Endpoint) => Promise<number | undefined>;
  // Called when the server stops accepting, with what was seen; the rest then connect without pacing (into
  // the kernel's queue, as far as the backlog goes). Without it, a stall fails with E_CONNECT.
  readonly onStall?: (why: string) => void;
}

const POLL_MS = 2;

const defaultQueueLength = (endpoint: Endpoint): Promise<number | undefined> => (endpoint.kind === 'tcp' ? acceptQueueLength(endpoint.port) : Promise.resolve(undefined));

// Opens `count` connections no faster than the server accepts them, so a correct server with a small
// listen backlog (socketserver's is 5, course code often says listen(5)) is never overflowed, and all
// end up connected at once. A server that stops accepting (one client at a time) fails with E_CONNECT
// naming how many got in; a failed open fails the whole; either way every opened one is disposed.
export async function connectPaced<T extends AsyncDisposable>(endpoint: Endpoint, count: number, open: (index: number) => Promise<T>, options: PacedConnectOptions = {}): Promise<T[]> {
  const { stallMs = scaled(3000), clock = systemClock, queueLength = defaultQueueLength, onStall } = options;
  let pending = options.pending ?? 2;
  if (!Number.isInteger(pending) || pending < 1) throw new RangeError(`pending must be a positive integer, got ${JSON.stringify(pending)} (${typeof pending})`);
  const opened: T[] = new Array(count);
  let connected = 0;
  let inFlight = 0;
  let failure: unknown;
  let wake: (() => void) | undefined;
  let next = 0;
  let accepted = 0;
  let lastProgress = clock.now();
  let queued = 0;
  try {
    while (connected < count && failure === undefined) {
      queued = (await queueLength(endpoint)) ?? 0;
      const nowAccepted = connected - queued;
      if (nowAccepted > accepted) {
        accepted = nowAccepted;
        lastProgress = clock.now();
      }
      if (clock.now() - lastProgress > stallMs && pending !== Infinity) {
        const why = `the server accepted ${accepted}, then none for ${stallMs}ms while ${queued} waited in its listen queue`;
        if (!onStall) break;
        onStall(why);
        pending = Infinity;
      }
      for (let free = pending - queued - inFlight; free > 0 && next < count; free--) {
        const index = next++;
        inFlight += 1;
        void open(index).then(
          (value) => {
            opened[index] = value;
            connected += 1;
            inFlight -= 1;
            lastProgress = clock.now();
            wake?.();
          },
          (err: unknown) => {
            failure ??= err;
            inFlight -= 1;
            wake?.();
          },
        );
      }
      if (connected < count) await Promise.race([new Promise<void>((resolve) => (wake = resolve)), clock.sleep(POLL_MS)]);
    }
    // Connects still in flight settle (each has its own deadline) before we report or dispose.
    while (inFlight > 0) await new Promise<void>((resolve) => (wake = resolve));
    if (failure !== undefined) {
      if (isSockgradeError(failure)) throw new SockgradeError(failure.code, `${failure.shortMessage} (${connected} of ${count} clients were connected)`, { details: failure.details, context: failure.context, cause: failure });
      throw failure;
    }
    if (connected < count) {
      throw new SockgradeError('E_CONNECT', `only ${connected} of ${count} clients could connect: the server accepted ${accepted}, then none for ${stallMs}ms while ${queued} waited in its listen queue: does it stop accepting while it serves a client (one client at a time)?`, {
        context: { endpoint: describeEndpoint(endpoint), connected, count, queued },
      });
    }
    return opened;
  } catch (err) {
    await Promise.all(opened.filter(Boolean).map((c) => c[Symbol.asyncDispose]()));
    throw err;
  }
}
