import type { ByteInput } from '../bytes/bytes.ts';
import { toBuffer } from '../bytes/bytes.ts';

// Bytes of the length header: struct '!I', an unsigned 32-bit big-endian count of payload bytes.
export const HEADER_BYTES = 4;

// One length-prefixed message: 4-byte big-endian length, then the payload.
export function frame(payload: ByteInput): Buffer {
  const body = toBuffer(payload);
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

// Several messages back to back, as one byte stream.
export function frameAll(payloads: readonly ByteInput[]): Buffer {
  return Buffer.concat(payloads.map(frame));
}

// Splits a byte stream into length-prefixed messages however it was cut: push what recv() returned,
// get every message it completed; an incomplete tail waits for the next push.
export class FrameDecoder {
  #buffer: Buffer = Buffer.alloc(0);

  constructor(readonly maxPayload = 0xffffffff) {}

  push(chunk: ByteInput): Buffer[] {
    this.#buffer = this.#buffer.length === 0 ? Buffer.from(toBuffer(chunk)) : Buffer.concat([this.#buffer, toBuffer(chunk)]);
    const messages: Buffer[] = [];
    while (this.#buffer.length >= HEADER_BYTES) {
      const length = this.#buffer.readUInt32BE(0);
      if (length > this.maxPayload) throw new RangeError(`a message header announces ${length} payload bytes, more than the ${this.maxPayload} allowed`);
      if (this.#buffer.length < HEADER_BYTES + length) break;
      messages.push(this.#buffer.subarray(HEADER_BYTES, HEADER_BYTES + length));
      this.#buffer = this.#buffer.subarray(HEADER_BYTES + length);
    }
    return messages;
  }

  // Bytes of an incomplete message held back.
  get pending(): number {
    return this.#buffer.length;
  }
}
