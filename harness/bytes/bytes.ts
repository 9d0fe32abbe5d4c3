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

// Deterministic pseudo-random bytes (xorshift32), so a failing payload can be regenerated.
export function patternBytes(length: number, seed = 1): Buffer {
  // Specs ask for the same large payloads in every test and for every program graded: generating 9 MiB
  // byte by byte costs ~50 ms, copying it ~1 ms. The caller gets its own copy, free to change.
  const key = `${length}:${seed}`;
  let pattern = generated.get(key);
  if (!pattern) {
    pattern = generatePattern(length, seed);
    if (generated.size >= PATTERNS_KEPT) generated.delete(generated.keys().next().value as string);
    generated.set(key, pattern);
  }
  return Buffer.from(pattern);
}

const PATTERNS_KEPT = 8;
const generated = new Map<string, Buffer>();

function generatePattern(length: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}
