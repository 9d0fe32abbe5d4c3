import type { ByteInput } from '../bytes/bytes.ts';
import { toBuffer } from '../bytes/bytes.ts';
import { compareBytes, hex } from '../bytes/show-bytes.ts';
import type { StreamClient } from '../clients/stream-client.ts';
import type { Segmentation, ShapedSend, ShapedSendOptions } from '../clients/stream-shaping.ts';
import { inOneWrite, sendShaped, untilServerRead } from '../clients/stream-shaping.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { defaultTimeouts, scaled } from '../time/timeouts.ts';
import type { ReplyEvidence } from './diagnose-reply.ts';
import { diagnoseReply } from './diagnose-reply.ts';
import { framingMistakes } from './framing-mistakes.ts';
import { frame, frameAll, HEADER_BYTES } from './length-prefixed.ts';
import { pack } from './struct.ts';

export interface FramedOptions {
  // Opens another client to the same server: lets a silent server be probed for a little-endian length.
  readonly connect?: (label?: string) => Promise<StreamClient>;
}

interface Pending {
  readonly number: number;
  readonly payload: Buffer;
  readonly how: string;
  readonly inPieces: boolean;
  // The messages completed by the same write as this one, and how many of them were answered.
  readonly batch: { size: number; answered: number };
  // All the batches of the send that carried this message, in order.
  readonly send: readonly { size: number; answered: number }[];
}

// A length-prefixed message client over a StreamClient: sends messages with a chosen segmentation and
// checks that each is answered by one message with the same payload; a faulty reply is diagnosed.
export class FramedClient {
  readonly #pending: Pending[] = [];
  #sentCount = 0;
  #partial: Buffer | undefined;

  constructor(readonly stream: StreamClient, readonly options: FramedOptions = {}) {}

  get label(): string {
    return this.stream.label;
  }

  // Sends the payloads as consecutive messages, the whole stream cut by the segmentation (default: one write).
  async send(payloads: ByteInput | readonly ByteInput[], segmentation: Segmentation = inOneWrite, shaping?: ShapedSendOptions): Promise<ShapedSend> {
    const list = (Array.isArray(payloads) ? payloads : [payloads]).map((p: ByteInput) => toBuffer(p));
    const stream = frameAll(list);
    const pieces = segmentation.cut(stream.length);
    // Which write carries the first and the last byte of each message.
    const ends: number[] = [];
    let pieceEnd = 0;
    for (const size of pieces) ends.push((pieceEnd += size));
    const writeHolding = (offset: number): number => {
      let [lo, hi] = [0, ends.length - 1];
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((ends[mid] as number) > offset) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    const how = list.length > 1 ? `of ${list.length} ${segmentation.name}` : segmentation.name;
    const batches = new Map<number, { size: number; answered: number }>();
    const sendBatches: { size: number; answered: number }[] = [];
    let offset = 0;
    for (const payload of list) {
      const first = writeHolding(offset);
      const last = writeHolding(offset + HEADER_BYTES + payload.length - 1);
      let batch = batches.get(last);
      if (!batch) {
        batch = { size: 0, answered: 0 };
        batches.set(last, batch);
        sendBatches.push(batch);
      }
      batch.size++;
      this.#pending.push({ number: ++this.#sentCount, payload, how, inPieces: first !== last, batch, send: sendBatches });
      offset += HEADER_BYTES + payload.length;
    }
    return sendShaped(this.stream, stream, segmentation, shaping);
  }

  // Sends only the first `bytes` bytes of a message, and waits until the server has read them (where
  // that can be seen): the rest follows with finishMessage(), or never, if the client leaves mid-message.
  async startMessage(payload: ByteInput, bytes: number): Promise<void> {
    const whole = frame(payload);
    this.#partial = whole.subarray(bytes);
    this.#pending.push({ number: ++this.#sentCount, payload: whole.subarray(HEADER_BYTES), how: `in two parts (${bytes} bytes, then the rest)`, inPieces: true, batch: { size: 1, answered: 0 }, send: [] });
    await this.stream.send(whole.subarray(0, bytes));
    await untilServerRead(this.stream);
  }

  // Sends the rest of the message begun with startMessage().
  async finishMessage(): Promise<void> {
    const rest = this.#partial;
    if (!rest) throw new Error(`${this.label}: finishMessage() without startMessage()`);
    this.#partial = undefined;
    await this.stream.send(rest);
  }

  // Reads one message and returns its payload; fails if the server closes, resets or is silent first.
  async readMessage({ timeoutMs = scaled(defaultTimeouts.expectMs), maxPayload = 64 * 1024 * 1024 }: { timeoutMs?: number; maxPayload?: number } = {}): Promise<Buffer> {
    const end = performance.now() + timeoutMs;
    const header = await this.stream.take(HEADER_BYTES, { timeoutMs });
    if (header.ended) throw this.#incomplete(`a message header`, header.bytes.length, HEADER_BYTES, header.ended, timeoutMs);
    const length = header.bytes.readUInt32BE(0);
    if (length > maxPayload) throw new SockgradeError('E_FRAMING', `${this.label} read a message header announcing ${length} payload bytes, more than the ${maxPayload} expected`);
    const body = await this.stream.take(length, { timeoutMs: Math.max(1, end - performance.now()) });
    if (body.ended) throw this.#incomplete(`a ${length}-byte payload`, body.bytes.length, length, body.ended, timeoutMs);
    return body.bytes;
  }

  #incomplete(what: string, got: number, want: number, ended: 'eof' | 'reset' | 'timeout', timeoutMs: number): SockgradeError {
    // FIN or RST, a reply cut short is one fault (see json-frame-reader.ts): the message says which.
    const code = ended === 'eof' || ended === 'reset' ? 'E_EARLY_EOF' : 'E_TIMEOUT';
    const why = ended === 'eof' ? 'the server closed the connection' : ended === 'reset' ? 'the server reset the connection' : `${timeoutMs}ms passed`;
    return new SockgradeError(code, `${this.label} was reading ${what} but ${why} after ${got} of ${want} bytes`);
  }

  // Expects one reply per message sent and not yet answered, in order, each with the same payload,
  // within timeoutMs for all of them, and with no pause longer than idleMs while a reply is due.
  // A faulty reply fails with what was seen and, when it shows one, the sticky-packet mistake behind it.
  async expectReplies({ timeoutMs = scaled(defaultTimeouts.expectMs), idleMs = timeoutMs }: { timeoutMs?: number; idleMs?: number } = {}): Promise<void> {
    const end = performance.now() + timeoutMs;
    const waited = (): number => Math.round(timeoutMs - Math.max(0, end - performance.now()));
    const read = (n: number): Promise<{ bytes: Buffer; ended?: 'eof' | 'reset' | 'timeout' }> => this.#read(n, end, idleMs);
    while (this.#pending.length > 0) {
      const message = this.#pending[0] as Pending;
      const want = message.payload.length;
      const header = await read(HEADER_BYTES);
      if (header.ended) return this.#fail(message, header.bytes, Buffer.alloc(0), header.ended, waited());
      const declared = header.bytes.readUInt32BE(0);
      if (declared !== want) {
        // Read what the faulty reply carries (bounded), to tell merged replies from cut ones.
        const evidence = Math.min(declared, this.#pending.reduce((sum, p) => sum + HEADER_BYTES + p.payload.length, 0));
        const body = await this.#read(evidence, Math.min(end, performance.now() + scaled(500)), idleMs);
        return this.#fail(message, header.bytes, body.bytes, body.ended, waited());
      }
      const body = await read(want);
      if (body.ended || !body.bytes.equals(message.payload)) return this.#fail(message, header.bytes, body.bytes, body.ended, waited());
      this.#pending.shift();
      message.batch.answered++;
    }
  }

  // n bytes, read in steps so that a pause longer than idleMs ends the read as well as the deadline does.
  async #read(n: number, end: number, idleMs: number): Promise<{ bytes: Buffer; ended?: 'eof' | 'reset' | 'timeout' }> {
    const parts: Buffer[] = [];
    let got = 0;
    for (;;) {
      const step = await this.stream.take(Math.min(n - got, 256 * 1024), { timeoutMs: Math.max(1, Math.min(idleMs, Math.round(end - performance.now()))) });
      parts.push(step.bytes);
      got += step.bytes.length;
      if (step.ended || got === n) return { bytes: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts), ...(step.ended ? { ended: step.ended } : {}) };
    }
  }

  async #fail(message: Pending, header: Buffer, body: Buffer, ended: ReplyEvidence['ended'], timeoutMs: number): Promise<never> {
    const evidence: ReplyEvidence = {
      number: message.number,
      expected: this.#pending.map((p) => p.payload),
      header,
      body,
      ...(ended ? { ended } : {}),
      sentInPieces: message.inPieces,
      batch: message.batch,
      coalescedBefore: message.send.slice(0, message.send.indexOf(message.batch)).some((b) => b.size > 1 && b.answered > 0),
    };
    let { observed, mistake } = diagnoseReply(evidence);
    if (ended === 'timeout' && header.length === 0 && this.options.connect && (await this.#readsLittleEndian())) {
      const header = frame(message.payload).subarray(0, HEADER_BYTES);
      observed = `no reply within ${timeoutMs}ms; its header ${hex(header)} read little-endian announces ${header.readUInt32LE(0)} bytes, and a probe with the length written little-endian was answered`;
      mistake = 'littleEndian';
    }
    const waited = ended === 'timeout' && !/within \d+ms/.test(observed) ? ` (waited ${timeoutMs}ms)` : '';
    const short = `${this.label} sent message ${message.number} ${message.how}; ${observed}${waited}${mistake ? `: looks like ${framingMistakes[mistake]}` : ''}`;
    const received = Buffer.concat([header, body]);
    const code = mistake ? 'E_FRAMING' : ended === 'timeout' ? 'E_TIMEOUT' : ended === 'eof' || ended === 'reset' ? 'E_EARLY_EOF' : 'E_MISMATCH';
    throw new SockgradeError(code, short, {
      details: compareBytes({ expected: frame(message.payload), received }),
      context: { client: this.label, message: message.number, bytesSent: this.stream.bytesSent, bytesReceived: this.stream.bytesReceived },
    });
  }

  // A server silent after a big-endian header may be waiting for the header read little-endian (for
  // "hello": 0x05000000 bytes). Ask it again with the length written little-endian, in two parts
  // (header and 2 bytes, read by the server, then 3 more): a correct server waits for 83886080 bytes and
  // stays silent; a server that answers with the whole 5-byte payload reads the length the wrong way
  // round. (A server that answers whatever one recv() returned answers "pr" alone: not confirmed.)
  async #readsLittleEndian(): Promise<boolean> {
    const connect = this.options.connect;
    if (!connect) return false;
    // An iterative server may be stuck on this connection: leave it (this test has failed already).
    await this.stream.close();
    const probe = await connect('little-endian probe').catch(() => undefined);
    if (!probe) return false;
    try {
      await probe.send(Buffer.concat([pack('<I', 5), Buffer.from('pr')]));
      await untilServerRead(probe);
      await probe.send('obe');
      const answer = await probe.take(HEADER_BYTES + 5, { timeoutMs: scaled(1000) });
      const header = answer.bytes.subarray(0, HEADER_BYTES);
      return answer.bytes.length === HEADER_BYTES + 5 && (header.readUInt32LE(0) === 5 || header.readUInt32BE(0) === 5) && answer.bytes.subarray(HEADER_BYTES).toString() === 'probe';
    } catch {
      return false;
    } finally {
      await probe.close();
    }
  }
}

// Wraps a stream client into a length-prefixed message client.
export function framed(client: StreamClient, options?: FramedOptions): FramedClient {
  return new FramedClient(client, options);
}
