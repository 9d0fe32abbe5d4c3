import { createHash } from 'node:crypto';
import { plural, showBytes } from '../bytes/show-bytes.ts';
import type { StreamClient } from '../clients/stream-client.ts';
import type { SockgradeErrorCode } from '../errors/sockgrade-error.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { defaultTimeouts, scaled } from '../time/timeouts.ts';
import type { JsonObject, LengthOrder } from './json-frame.ts';
import { declaredSize, diagnoseHeaderLength, LENGTH_BYTES, parseJsonHeader, readHeaderLength } from './json-frame.ts';
import type { JsonFrameMistake } from './json-frame-mistakes.ts';
import { jsonFrameMistakes } from './json-frame-mistakes.ts';

export interface ReadJsonFrameOptions {
  readonly lengthOrder: LengthOrder;
  // json-command: every reply has a total_size; file-service: absent means no body.
  readonly requireTotalSize: boolean;
  // What is read, for messages: "the reply to \"echo hello\"".
  readonly what: string;
  // Deadline for the whole frame, and the longest pause allowed while bytes are due.
  readonly timeoutMs?: number;
  readonly idleMs?: number;
  // A larger total_size is refused rather than read (the harness keeps bodies in memory).
  readonly maxBody?: number;
}

// A frame as received: the header object, the bytes it came in, the body.
export interface ReceivedFrame {
  readonly header: JsonObject;
  // The 4 length bytes and the JSON header, as received.
  readonly headerBytes: Buffer;
  readonly byteOrder: 'big' | 'little';
  readonly body: Buffer;
}

type Ended = 'eof' | 'reset' | 'timeout';

const ENDINGS: Record<Ended, string> = { eof: 'the server closed the connection', reset: 'the server reset the connection', timeout: 'nothing more came' };
// A reply cut short is one fault whether the kernel ended it with a FIN or an RST: a server that closes
// after its reply makes our next request draw an RST, which may reach us before we have read its FIN
// (json-one-reply-then-close flipped between the two under load). The message still says which it was.
const CODES: Record<Exclude<Ended, 'timeout'>, SockgradeErrorCode> = { eof: 'E_EARLY_EOF', reset: 'E_EARLY_EOF' };

// Reads one JSON-header frame from the stream and checks its structure: a header length the contract
// allows, a JSON object of exactly that many bytes, a body of exactly total_size bytes, the md5 if any.
// Each failure says what was seen and, when it shows one, the mistake behind it (E_FRAMING).
export async function readJsonFrame(stream: StreamClient, options: ReadJsonFrameOptions): Promise<ReceivedFrame> {
  const { what, timeoutMs = scaled(defaultTimeouts.expectMs), idleMs = timeoutMs, maxBody = 256 * 1024 * 1024 } = options;
  const end = performance.now() + timeoutMs;
  const label = stream.label;
  const context = (): Record<string, unknown> => ({ client: label, bytesSent: stream.bytesSent, bytesReceived: stream.bytesReceived });
  const read = async (n: number): Promise<{ bytes: Buffer; ended?: Ended }> => {
    const parts: Buffer[] = [];
    let got = 0;
    for (;;) {
      const step = await stream.take(Math.min(n - got, 256 * 1024), { timeoutMs: Math.max(1, Math.min(idleMs, Math.round(end - performance.now()))) });
      parts.push(step.bytes);
      got += step.bytes.length;
      if (step.ended || got >= n) return { bytes: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts), ...(step.ended ? { ended: step.ended } : {}) };
    }
  };
  const fail = (code: SockgradeErrorCode, observed: string, received: Buffer, mistake?: JsonFrameMistake): SockgradeError =>
    new SockgradeError(code, `${label}: ${what}: ${observed}${mistake ? `: looks like ${jsonFrameMistakes[mistake]}` : ''}`, {
      details: `  received  ${showBytes(received)}`,
      context: context(),
    });
  // What arrives soon after a faulty part (bounded): only to explain a failure already certain.
  const following = async (): Promise<Buffer> => (await stream.take(70 * 1024, { timeoutMs: scaled(300) })).bytes;

  const lengthBytes = await read(LENGTH_BYTES);
  if (lengthBytes.ended) {
    const got = lengthBytes.bytes;
    if (got.length === 0 && lengthBytes.ended === 'timeout') {
      throw new SockgradeError('E_TIMEOUT', `${label} waited ${timeoutMs}ms for ${what}, but none came`, { context: context() });
    }
    const observed = got.length === 0 ? `${ENDINGS[lengthBytes.ended]} without replying` : `${ENDINGS[lengthBytes.ended]} after ${plural(got.length, 'byte')} of the 4-byte header length`;
    throw fail(lengthBytes.ended === 'timeout' ? 'E_FRAMING' : CODES[lengthBytes.ended], observed, got);
  }
  const length = readHeaderLength(lengthBytes.bytes, options.lengthOrder);
  if ('problem' in length) throw fail('E_FRAMING', length.problem, Buffer.concat([lengthBytes.bytes, await following()]), length.mistake);

  const json = await read(length.length);
  const headerBytes = Buffer.concat([lengthBytes.bytes, json.bytes]);
  if (json.ended) {
    const wrongLength = diagnoseHeaderLength(length.length, json.bytes);
    if (wrongLength) throw fail('E_FRAMING', wrongLength.problem, headerBytes, wrongLength.mistake);
    throw fail(json.ended === 'timeout' ? 'E_FRAMING' : CODES[json.ended], `the header length says ${length.length} bytes, but ${ENDINGS[json.ended]} after ${json.bytes.length} of them`, headerBytes);
  }
  const parsed = parseJsonHeader(json.bytes);
  if ('problem' in parsed) {
    const after = Buffer.concat([json.bytes, await following()]);
    const wrongLength = diagnoseHeaderLength(length.length, after);
    if (wrongLength) throw fail('E_FRAMING', wrongLength.problem, Buffer.concat([lengthBytes.bytes, after]), wrongLength.mistake);
    throw fail('E_FRAMING', parsed.problem, headerBytes, parsed.mistake);
  }
  const { header } = parsed;
  const size = declaredSize(header, options.requireTotalSize);
  if (typeof size !== 'number') throw fail('E_FRAMING', size.problem, headerBytes, size.mistake);
  if (size > maxBody) throw fail('E_FRAMING', `its total_size ${size} is more than the ${maxBody} bytes expected`, headerBytes);

  const body = await read(size);
  if (body.ended) {
    const observed = `the header announces a body of ${plural(size, 'byte')} (total_size), but ${ENDINGS[body.ended]} after ${body.bytes.length} of them`;
    throw fail(body.ended === 'timeout' ? 'E_FRAMING' : CODES[body.ended], body.ended === 'timeout' ? `${observed} (for ${idleMs}ms)` : observed, Buffer.concat([headerBytes, body.bytes]), body.ended === 'timeout' ? 'bodyShort' : undefined);
  }
  if (header.md5 !== undefined) {
    const actual = createHash('md5').update(body.bytes).digest('hex');
    if (typeof header.md5 !== 'string' || header.md5.toLowerCase() !== actual) {
      throw fail('E_FRAMING', `the header's md5 is ${JSON.stringify(header.md5)}, but the ${plural(size, 'byte')} of body have md5 ${actual}`, headerBytes, 'md5');
    }
  }
  return { header, headerBytes, byteOrder: length.byteOrder, body: body.bytes };
}
