import dgram from 'node:dgram';
import type { Endpoint } from '../launch/endpoint.ts';
import { describeEndpoint } from '../launch/endpoint.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { ByteInput } from '../bytes/bytes.ts';
import { toBuffer } from '../bytes/bytes.ts';
import { compareBytes, showBytes, plural } from '../bytes/show-bytes.ts';
import { byteMismatch } from '../bytes/byte-mismatch.ts';
import { defaultTimeouts, scaled } from '../time/timeouts.ts';
import type { Transcript } from './transcript.ts';
import { ConditionWaiters } from './condition-waiters.ts';
import { diagnoseDatagram } from './datagram-diagnosis.ts';
import { unreadDatagramBytes } from '../probes/udp-sockets.ts';
import { pollUntil } from '../probes/wait-until.ts';

// Loopback UDP drops datagrams only when a receive buffer or the kernel's backlog fills; a few
// kilobytes per client in flight stay far below both (212 KiB default rmem, 1000-packet backlog),
// so a correct server is never failed for a drop that is the harness's doing.
export const MAX_DATAGRAMS_IN_FLIGHT = 8;

export interface UdpClientOptions {
  // The other clients of the same test: a reply carrying their bytes is reported as misdelivered.
  readonly peers?: () => readonly UdpClient[];
  readonly maxInFlight?: number;
}

export interface UdpWaitOptions {
  readonly timeoutMs?: number;
}

export interface UdpSendOptions {
  // For a server paused by whilePaused: resolve once this datagram is queued at the server's socket
  // (its unread bytes grew past what they were before the send; Linux, bounded, never fails). Datagrams
  // sent this way by several clients wait at the paused server in the order they were sent.
  readonly untilQueuedAtServer?: boolean;
}

interface Received {
  readonly bytes: Buffer;
  readonly address: string;
  readonly port: number;
}

const show = (address: string, port: number): string => `${address.includes(':') ? `[${address}]` : address}:${port}`;

// A scripted UDP client with its own socket (its own address): send datagrams to the server, expect
// replies with exact bytes from the server's address, prove silence; every datagram is in the transcript.
export class UdpClient implements AsyncDisposable {
  readonly #socket: dgram.Socket;
  readonly #queue: Received[] = [];
  readonly #sent: Buffer[] = [];
  readonly #waiters = new ConditionWaiters();
  readonly #server: { address: string; port: number };
  readonly #maxInFlight: number;
  readonly #peers: () => readonly UdpClient[];
  #inFlight = 0;
  #closed = false;

  private constructor(readonly label: string, readonly endpoint: Exclude<Endpoint, { kind: 'unix' }>, socket: dgram.Socket, readonly transcript: Transcript, options: UdpClientOptions) {
    this.#socket = socket;
    this.#server = { address: endpoint.host, port: endpoint.port };
    this.#maxInFlight = options.maxInFlight ?? MAX_DATAGRAMS_IN_FLIGHT;
    this.#peers = options.peers ?? (() => []);
    socket.on('message', (bytes: Buffer, rinfo: dgram.RemoteInfo) => {
      const fromServer = this.#isServer(rinfo.address, rinfo.port);
      transcript.record(label, 'recvfrom', bytes, fromServer ? undefined : `from ${show(rinfo.address, rinfo.port)}, not the server`);
      this.#inFlight = Math.max(0, this.#inFlight - 1);
      this.#queue.push({ bytes, address: rinfo.address, port: rinfo.port });
      this.#waiters.notify();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => transcript.record(label, 'error', err.code ?? err.message));
  }

  // Opens a socket bound to an ephemeral port on the server's address family (loopback).
  static open(endpoint: Endpoint, label: string, transcript: Transcript, options: UdpClientOptions = {}): Promise<UdpClient> {
    if (endpoint.kind !== 'udp') throw new TypeError(`a UDP client needs a UDP endpoint, got ${describeEndpoint(endpoint)}`);
    const socket = dgram.createSocket({ type: endpoint.host.includes(':') ? 'udp6' : 'udp4' });
    return new Promise((resolve, reject) => {
      socket.once('error', (err: NodeJS.ErrnoException) => {
        socket.close();
        reject(new SockgradeError('E_CONNECT', `${label} could not open a UDP socket: ${err.code ?? err.message}`, { cause: err }));
      });
      socket.bind({ address: endpoint.host.includes(':') ? '::1' : '127.0.0.1', port: 0 }, () => {
        socket.removeAllListeners('error');
        const local = socket.address();
        transcript.record(label, 'connect', `UDP socket bound to ${show(local.address, local.port)}, talking to ${describeEndpoint(endpoint)}`);
        resolve(new UdpClient(label, endpoint, socket, transcript, options));
      });
    });
  }

  // This client's own port: where the server must send its replies.
  get localPort(): number {
    return this.#socket.address().port;
  }

  // Datagrams received and not yet taken by an expectation.
  get unread(): readonly Buffer[] {
    return this.#queue.map((d) => d.bytes);
  }

  // Every datagram this client sent, in order.
  get sentDatagrams(): readonly Buffer[] {
    return this.#sent;
  }

  #isServer(address: string, port: number): boolean {
    const same = address === this.#server.address || address === `::ffff:${this.#server.address}`;
    return same && port === this.#server.port;
  }

  // Sends one datagram (possibly empty) to the server; resolves once the kernel has taken it (or, with
  // untilQueuedAtServer, once the paused server's socket holds it).
  // A datagram over the in-flight limit is a spec's mistake: thrown at once, not rejected.
  send(data: ByteInput, options: UdpSendOptions = {}): Promise<void> {
    const buf = Buffer.from(toBuffer(data));
    if (this.#inFlight >= this.#maxInFlight) {
      throw new RangeError(`${this.label} already has ${this.#inFlight} datagrams unanswered (the limit is ${this.#maxInFlight}): expect() the replies before sending more, so loopback buffers never fill and drop a correct server's datagrams`);
    }
    if (!options.untilQueuedAtServer || process.platform !== 'linux') return this.#sendNow(buf);
    return this.#sendQueued(buf);
  }

  async #sendQueued(buf: Buffer): Promise<void> {
    const queued = await this.#unreadAtServer();
    await this.#sendNow(buf);
    await this.#untilUnreadAtServerAbove(queued, scaled(1000), 'no new unread datagram', 'after the send');
  }

  #unreadAtServer(): Promise<number> {
    const { port, address } = this.#server;
    return unreadDatagramBytes(port, { ipv6: address.includes(':') });
  }

  // Waits (bounded, never fails) until the server's socket holds more than `bytes` unread; if it does not,
  // the transcript says "the server's socket showed <what> <timeoutMs>ms <when>".
  async #untilUnreadAtServerAbove(bytes: number, timeoutMs: number, what: string, when: string): Promise<boolean> {
    if (await pollUntil(async () => (await this.#unreadAtServer()) > bytes, timeoutMs, { intervalMs: 1 })) return true;
    this.transcript.record(this.label, 'note', `the server's socket showed ${what} ${timeoutMs}ms ${when}`);
    return false;
  }

  #sendNow(buf: Buffer): Promise<void> {
    this.transcript.record(this.label, 'sendto', buf);
    this.#sent.push(buf);
    this.#inFlight += 1;
    return new Promise((resolve, reject) => {
      this.#socket.send(buf, this.#server.port, this.#server.address, (err) => {
        if (!err) return resolve();
        reject(new SockgradeError('E_CONNECT', `${this.label} could not send a datagram of ${plural(buf.length, 'byte')}: ${(err as NodeJS.ErrnoException).code ?? err.message}`, { cause: err }));
      });
    });
  }

  #sentByOthers(): Map<string, readonly Buffer[]> {
    return new Map(this.#peers().filter((peer) => peer !== this).map((peer) => [peer.label, peer.sentDatagrams]));
  }

  #context(): Record<string, unknown> {
    return { client: this.label, endpoint: describeEndpoint(this.endpoint), datagramsSent: this.#sent.length };
  }

  // The error for a datagram from somewhere other than the server's address.
  #wrongSource(got: Received): SockgradeError {
    return new SockgradeError(
      'E_WRONG_SOURCE',
      `${this.label} received a reply from ${show(got.address, got.port)}, not from the server's address ${show(this.#server.address, this.#server.port)}`,
      { details: `  received  ${showBytes(got.bytes)}\nReply with sendto() on the socket bound to the port you were given: a client that talks to ${show(this.#server.address, this.#server.port)} drops datagrams from any other address.`, context: this.#context() },
    );
  }

  // The error for a datagram that is none of those awaited, with the likeliest explanation.
  #unexpected(got: Received, awaited: readonly Buffer[]): SockgradeError {
    const why = diagnoseDatagram(got.bytes, awaited, this.#sentByOthers(), this.label);
    const nearest = awaited.find((d) => d.length === got.bytes.length) ?? (awaited[0] as Buffer);
    const wanted = awaited.length === 1 ? `a datagram of ${plural(nearest.length, 'byte')}` : `one of ${plural(awaited.length, 'awaited datagram')}`;
    return new SockgradeError('E_MISMATCH', `${this.label} expected ${wanted} back but received a datagram of ${plural(got.bytes.length, 'byte')}${why ? `: ${why}` : ' with different bytes'}`, {
      details: compareBytes({ expected: nearest, received: got.bytes }),
      context: { ...this.#context(), mismatch: byteMismatch(this.label, nearest, got.bytes) },
    });
  }

  // Waits for the next datagram and checks it is exactly these bytes, from the server's address.
  expect(expected: ByteInput, options: UdpWaitOptions = {}): Promise<void> {
    return this.expectAll([expected], options);
  }

  // Waits for one reply per payload, in any order (a threaded server may reorder them), each from the
  // server's address and each exactly one of the payloads; a reply that is none of them fails at once.
  async expectAll(expected: readonly ByteInput[], { timeoutMs = scaled(defaultTimeouts.expectMs) }: UdpWaitOptions = {}): Promise<void> {
    const awaited = expected.map((e) => Buffer.from(toBuffer(e)));
    await this.#waiters.waitFor(
      () => {
        // Datagrams beyond those awaited stay queued for the next expectation (or expectSilence).
        while (awaited.length > 0 && this.#queue.length > 0) {
          const got = this.#queue.shift() as Received;
          if (!this.#isServer(got.address, got.port)) throw this.#wrongSource(got);
          const index = awaited.findIndex((d) => d.equals(got.bytes));
          if (index < 0) throw this.#unexpected(got, awaited);
          awaited.splice(index, 1);
        }
        return awaited.length === 0 ? true : undefined;
      },
      timeoutMs,
      () => {
        const missing = awaited.length === 1 ? `a datagram of ${plural((awaited[0] as Buffer).length, 'byte')}` : `${awaited.length} of ${plural(expected.length, 'datagram')}`;
        const elsewhere = this.#peers().find((peer) => peer !== this && peer.unread.some((d) => awaited.some((a) => a.equals(d))));
        const where = elsewhere ? `: the reply went to ${elsewhere.label} (send each reply to the address recvfrom() returned with that datagram)` : '';
        return new SockgradeError('E_TIMEOUT', `${this.label} waited ${timeoutMs}ms for ${missing} back, but ${awaited.length === expected.length ? 'none came' : 'they never came'}${where}`, {
          details: awaited.map((d) => `  expected  ${showBytes(d)}`).join('\n'),
          context: { ...this.#context(), mismatch: byteMismatch(this.label, awaited[0] as Buffer, Buffer.alloc(0)) },
        });
      },
    );
  }

  // Waits for the next datagram and returns its bytes, or undefined if none comes by the deadline; one
  // from another address fails as E_WRONG_SOURCE. For replies the caller judges itself (text formats).
  async receive({ timeoutMs = scaled(defaultTimeouts.expectMs) }: UdpWaitOptions = {}): Promise<Buffer | undefined> {
    const got = await this.#waiters.waitFor(() => this.#queue.shift(), timeoutMs, () => new Error('quiet')).catch(() => undefined);
    if (!got) return undefined;
    if (!this.#isServer(got.address, got.port)) throw this.#wrongSource(got);
    return got.bytes;
  }

  // Proves that no datagram arrives for a short quiet window (and none is waiting unread).
  async expectSilence({ quietMs = scaled(defaultTimeouts.quietMs) }: { quietMs?: number } = {}): Promise<void> {
    const extra = this.#queue[0] ?? (await this.#waiters.waitFor(() => this.#queue[0], quietMs, () => new Error('quiet')).catch(() => undefined));
    if (!extra) return;
    const why = diagnoseDatagram(extra.bytes, [], this.#sentByOthers(), this.label);
    throw new SockgradeError('E_NOT_SILENT', `${this.label} expected no more datagrams but received one of ${plural(extra.bytes.length, 'byte')} from ${show(extra.address, extra.port)}${why ? `: ${why}` : ''}`, {
      details: `  received  ${showBytes(extra.bytes)}\nEach datagram gets exactly one reply, sent only to its sender.`,
      context: this.#context(),
    });
  }

  // Waits (bounded, never fails) until the server's socket holds datagrams it has not read (Linux,
  // /proc/net/udp rx_queue); resolves false if it could not tell or they did not come. For a server paused
  // by whilePaused, which cannot read them: what was sent has arrived. The kernel delivers a loopback
  // datagram in its own time, and on a loaded machine one sent later by another client can overtake it.
  async untilQueuedAtServer(timeoutMs = scaled(1000)): Promise<boolean> {
    if (process.platform !== 'linux') return false;
    return this.#untilUnreadAtServerAbove(0, timeoutMs, 'no unread datagram', 'later');
  }

  // Closes the socket: the client is gone, and the kernel answers anything sent to its port with ICMP
  // "port unreachable" (which a connect()ed server socket sees as ECONNREFUSED).
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.transcript.record(this.label, 'close', 'client closed its UDP socket (gone)');
    await new Promise<void>((resolve) => this.#socket.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await new Promise<void>((resolve) => this.#socket.close(() => resolve()));
  }
}
