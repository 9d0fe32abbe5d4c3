import { createHash } from 'node:crypto';
import type { ByteInput } from '../bytes/bytes.ts';
import { toBuffer } from '../bytes/bytes.ts';
import { compareBytes, plural, showBytes } from '../bytes/show-bytes.ts';
import { isSockgradeError, SockgradeError } from '../errors/sockgrade-error.ts';
import type { JsonObject } from '../framing/json-frame.ts';
import { jsonFrame, LENGTH_BYTES, parseJsonHeader, readHeaderLength } from '../framing/json-frame.ts';
import type { ReceivedFrame } from '../framing/json-frame-reader.ts';
import { readJsonFrame } from '../framing/json-frame-reader.ts';
import { scaled } from '../time/timeouts.ts';
import type { Segmentation, ShapedSendOptions } from './stream-shaping.ts';
import { inOneWrite, sendShaped } from './stream-shaping.ts';
import type { StreamClient } from './stream-client.ts';

export interface FileServiceOptions {
  // Opens another client to the same server: lets a silent server be probed for a little-endian length.
  readonly connect?: (label?: string) => Promise<StreamClient>;
}

export interface ReplyOptions {
  readonly timeoutMs?: number;
  readonly idleMs?: number;
}

export interface PutOptions extends ReplyOptions {
  // true: send the body's md5; a string: send that (a wrong one on purpose); absent: no md5.
  readonly md5?: boolean | string;
  // How the request's bytes are cut into writes (default: one write).
  readonly segmentation?: Segmentation;
  readonly shaping?: ShapedSendOptions;
}

// The hex MD5 of bytes, as hashlib.md5(body).hexdigest() gives it.
export function md5Hex(data: ByteInput): string {
  return createHash('md5').update(toBuffer(data)).digest('hex');
}

// How long a reply may take by default: a loaded machine (load 50 on 2 cores) slows a correct Python
// server to seconds; only a server that never answers pays the wait.
const REPLY_MS = 5000;

const describeRequest = (header: JsonObject): string => JSON.stringify(header);

// A file-service client over a StreamClient: every message both ways is struct.pack("!I", H), H bytes of
// a UTF-8 JSON object, then a body of the object's total_size bytes. Requests list / get / put, checks
// each reply's framing and status, and probes a silent server for a little-endian header length.
export class FileServiceClient {
  constructor(readonly stream: StreamClient, readonly options: FileServiceOptions = {}) {}

  get label(): string {
    return this.stream.label;
  }

  // Sends one request frame, in one write or cut by a segmentation (paced where the kernel shows reads).
  async send(header: JsonObject, body: ByteInput = Buffer.alloc(0), segmentation: Segmentation = inOneWrite, shaping?: ShapedSendOptions): Promise<void> {
    const bytes = jsonFrame(header, body);
    if (segmentation === inOneWrite) await this.stream.send(bytes);
    else await sendShaped(this.stream, bytes, segmentation, shaping);
  }

  // Reads one reply frame ("!I" header length only) to the request described.
  async reply(request: JsonObject, { timeoutMs = scaled(REPLY_MS), idleMs }: ReplyOptions = {}): Promise<ReceivedFrame> {
    const before = this.stream.bytesReceived;
    try {
      return await readJsonFrame(this.stream, { lengthOrder: 'big', requireTotalSize: false, what: `the reply to ${describeRequest(request)}`, timeoutMs, ...(idleMs ? { idleMs } : {}) });
    } catch (err) {
      if (isSockgradeError(err, 'E_TIMEOUT') && this.stream.bytesReceived === before && (await this.#readsLittleEndian())) {
        throw new SockgradeError('E_FRAMING', `${err.shortMessage}; a probe with the header length written little-endian was answered: looks like the header length was read little-endian (struct.unpack("i") or "<I"); this protocol uses "!I", network byte order`, { details: err.details, context: err.context, cause: err });
      }
      throw err;
    }
  }

  // Sends a request and reads its reply.
  async request(header: JsonObject, body?: ByteInput, options: ReplyOptions = {}): Promise<ReceivedFrame> {
    await this.send(header, body);
    return this.reply(header, options);
  }

  // The file names `list` returns.
  async list(options: ReplyOptions = {}): Promise<string[]> {
    const request = { cmd: 'list' };
    const frame = this.#ok(request, await this.request(request, undefined, options));
    const files = frame.header.files;
    if (!Array.isArray(files) || !files.every((f) => typeof f === 'string')) {
      throw new SockgradeError('E_MISMATCH', `${this.label}: the reply to {"cmd":"list"} has "files": ${JSON.stringify(files)}, not a list of names`, { details: `  header    ${showBytes(frame.headerBytes)}` });
    }
    return files;
  }

  // The bytes `get` returns for a file (its md5 checked if the reply has one).
  async get(filename: string, options: ReplyOptions = {}): Promise<Buffer> {
    const request = { cmd: 'get', filename };
    return this.#ok(request, await this.request(request, undefined, options)).body;
  }

  // Uploads a file and expects {"status": "ok"} once it is stored.
  async put(filename: string, data: ByteInput, { md5, segmentation, shaping, ...reply }: PutOptions = {}): Promise<void> {
    const body = toBuffer(data);
    const request: JsonObject = { cmd: 'put', filename, total_size: body.length, ...(md5 === true ? { md5: md5Hex(body) } : typeof md5 === 'string' ? { md5 } : {}) };
    await this.send(request, body, segmentation, shaping);
    this.#ok(request, await this.reply(request, reply));
  }

  // Sends a request that must fail: expects {"status": "error", "error": TEXT} and no body; returns TEXT.
  // `inspect` sees the reply first (e.g. to look for bytes that must never come back).
  async expectError(header: JsonObject, body?: ByteInput, { why, inspect, ...options }: ReplyOptions & { why?: string; inspect?: (frame: ReceivedFrame) => void } = {}): Promise<string> {
    await this.send(header, body);
    const frame = await this.reply(header, options);
    inspect?.(frame);
    const summary = `${describeRequest(header)}${body && toBuffer(body).length > 0 ? ` with a ${plural(toBuffer(body).length, 'byte')} body` : ''}`;
    if (frame.header.status !== 'error' || typeof frame.header.error !== 'string' || frame.body.length > 0) {
      const got = frame.header.status === 'error' ? `${JSON.stringify(frame.header)}${frame.body.length > 0 ? ` and a body of ${plural(frame.body.length, 'byte')}` : ''}` : `${JSON.stringify(frame.header)}${frame.body.length > 0 ? ` and ${plural(frame.body.length, 'byte')}` : ''}`;
      throw new SockgradeError('E_MISMATCH', `${this.label} sent ${summary}${why ? ` (${why})` : ''} and expected {"status": "error", "error": TEXT} without a body, but received ${got}`, {
        details: `  header    ${showBytes(frame.headerBytes)}${frame.body.length > 0 ? `\n  body      ${showBytes(frame.body)}` : ''}`,
        context: { client: this.label },
      });
    }
    return frame.header.error;
  }

  #ok(request: JsonObject, frame: ReceivedFrame): ReceivedFrame {
    if (frame.header.status === 'ok') return frame;
    const why = frame.header.status === 'error' ? `status "error": ${JSON.stringify(frame.header.error)}` : `${JSON.stringify(frame.header)} (no "status": "ok")`;
    throw new SockgradeError('E_MISMATCH', `${this.label} sent ${describeRequest(request)} and received ${why}`, {
      details: `  header    ${showBytes(frame.headerBytes)}`,
      context: { client: this.label },
    });
  }

  // A server silent after a "!I" header may be reading the length little-endian (waiting for 0x1c000000
  // header bytes for a 28-byte header). Ask again on a new connection with the length written
  // little-endian: a correct server takes it as a header far too long (error or close); a server that
  // answers {"cmd": "list"} with a JSON header read the length the wrong way round.
  async #readsLittleEndian(): Promise<boolean> {
    const connect = this.options.connect;
    if (!connect) return false;
    const probe = await connect('little-endian probe').catch(() => undefined);
    if (!probe) return false;
    try {
      await probe.send(jsonFrame({ cmd: 'list' }, Buffer.alloc(0), 'little'));
      const head = await probe.take(LENGTH_BYTES, { timeoutMs: scaled(1000) });
      if (head.ended) return false;
      const length = readHeaderLength(head.bytes, 'either');
      if ('problem' in length) return false;
      const json = await probe.take(length.length, { timeoutMs: scaled(1000) });
      if (json.ended) return false;
      const parsed = parseJsonHeader(json.bytes);
      return 'header' in parsed && parsed.header.status === 'ok';
    } catch {
      return false;
    } finally {
      await probe.close();
    }
  }
}

// Wraps a stream client into a file-service client; `connect` lets it probe a silent server.
export function fileService(client: StreamClient, options?: FileServiceOptions): FileServiceClient {
  return new FileServiceClient(client, options);
}

// Fails when a file's bytes are not the expected ones (a stored upload, a downloaded file).
export function expectSameBytes(what: string, expected: Buffer, received: Buffer): void {
  if (received.equals(expected)) return;
  const prefix = received.length < expected.length && expected.subarray(0, received.length).equals(received) ? `: only its first ${plural(received.length, 'byte')}` : '';
  throw new SockgradeError('E_MISMATCH', `${what} is ${plural(received.length, 'byte')}, expected ${plural(expected.length, 'byte')}${prefix}`, { details: compareBytes({ expected, received }) });
}
