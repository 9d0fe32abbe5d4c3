import { firstDifference } from './bytes.ts';

// How many bytes of each side a mismatch keeps, from a little before the first difference.
const BYTES_KEPT = 4096;
const KEPT_BEFORE = 64;

// What an expectation awaited and what came instead, as data for reports (it crosses vitest's worker
// boundary inside the error's context, so bytes travel as base64). Both sides are kept from the same
// byte, `keptFrom`, at most BYTES_KEPT of each.
export interface ByteMismatch {
  // The client that was waiting (its lane in the HTML report's diagram).
  readonly client: string;
  // Index of the first byte that differs; when one side is a prefix of the other, the shorter
  // one's length (e.g. what came was right but short: nothing, or too little, arrived).
  readonly at: number;
  readonly expectedLength: number;
  readonly receivedLength: number;
  readonly keptFrom: number;
  readonly expected: string;
  readonly received: string;
  // Stream clients: how many bytes of the connection the client had already consumed before this
  // expectation, so `streamOffset + at` is the wrong byte's place in everything it received.
  readonly streamOffset?: number;
}

// The mismatch between expected and received bytes, trimmed around the first difference.
export function byteMismatch(client: string, expected: Uint8Array, received: Uint8Array, { streamOffset }: { streamOffset?: number } = {}): ByteMismatch {
  const diff = firstDifference(expected, received);
  const at = diff < 0 ? expected.length : diff;
  const keptFrom = Math.max(0, at - KEPT_BEFORE) & ~0xf;
  const keep = (bytes: Uint8Array): string => Buffer.from(bytes.subarray(keptFrom, keptFrom + BYTES_KEPT)).toString('base64');
  return {
    client,
    at,
    expectedLength: expected.length,
    receivedLength: received.length,
    keptFrom,
    expected: keep(expected),
    received: keep(received),
    ...(streamOffset !== undefined ? { streamOffset } : {}),
  };
}

// A mismatch read back from a serialized error's context, or undefined when it is not one.
export function readByteMismatch(value: unknown): ByteMismatch | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const numbers = ['at', 'expectedLength', 'receivedLength', 'keptFrom'].every((key) => Number.isSafeInteger(v[key]) && (v[key] as number) >= 0);
  const strings = ['client', 'expected', 'received'].every((key) => typeof v[key] === 'string');
  if (!numbers || !strings || (v.streamOffset !== undefined && !Number.isSafeInteger(v.streamOffset))) return undefined;
  return {
    client: v.client as string,
    at: v.at as number,
    expectedLength: v.expectedLength as number,
    receivedLength: v.receivedLength as number,
    keptFrom: v.keptFrom as number,
    expected: v.expected as string,
    received: v.received as string,
    ...(v.streamOffset !== undefined ? { streamOffset: v.streamOffset as number } : {}),
  };
}
