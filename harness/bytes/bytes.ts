// Accepts what a spec writes naturally (text or bytes) and gives bytes.
export type ByteInput = string | Uint8Array;

export function toBuffer(data: ByteInput): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

// Index of the first byte where a and b differ; the shorter length if one is a prefix; -1 if equal.
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

// Every byte value 0..255 once, in order: the binary-safety probe.
export function allByteValues(): Buffer {
  return Buffer.from(Array.from({ length: 256 }, (_, i) => i));
}

// Deterministic pseudo-random bytes (xorshift32), so a failing payload can be regenerated. A shorter
// payload of a seed is a prefix of a longer one.
export function patternBytes(length: number, seed = 1): Buffer {
  // Specs ask for the same large payloads in every test and for every program graded, some of a length
  // each server decides (the half-close payload): generating 8 MiB byte by byte costs ~45 ms, copying it
  // ~1 ms. So each seed's stream is kept and only extended; the caller gets its own copy, free to change.
  // Short ones (a crowd's messages: hundreds of seeds, ~0.3 ms each for 64 KiB) are made afresh, so they
  // never push a long one out.
  const kept = streams.get(seed);
  if (kept && kept.bytes.length >= length) {
    // Most recently used last, so the oldest is dropped first.
    streams.delete(seed);
    streams.set(seed, kept);
    return Buffer.from(kept.bytes.subarray(0, length));
  }
  const stream = extend(kept ?? { bytes: Buffer.alloc(0), state: seed >>> 0 || 1 }, length);
  if (length < KEPT_FROM_BYTES) return stream.bytes;
  streams.delete(seed);
  if (streams.size >= SEEDS_KEPT) streams.delete(streams.keys().next().value as number);
  streams.set(seed, stream);
  return Buffer.from(stream.bytes);
}

interface PatternStream {
  readonly bytes: Buffer;
  // The generator's state after the last byte, to go on from.
  readonly state: number;
}

const SEEDS_KEPT = 8;
const KEPT_FROM_BYTES = 256 * 1024;
const streams = new Map<number, PatternStream>();

function extend(stream: PatternStream, length: number): PatternStream {
  const bytes = Buffer.allocUnsafe(length);
  stream.bytes.copy(bytes);
  let x = stream.state;
  for (let i = stream.bytes.length; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return { bytes, state: x };
}
