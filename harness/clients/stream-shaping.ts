import { runSettings } from '../run/run-settings.ts';
import type { ByteInput } from '../bytes/bytes.ts';
import { toBuffer } from '../bytes/bytes.ts';
import { plural } from '../bytes/show-bytes.ts';
import { deliveredAndRead, serverEndGone } from '../probes/tcp-connections.ts';
import { pollUntil } from '../probes/wait-until.ts';
import { scaled } from '../time/timeouts.ts';
import type { StreamClient } from './stream-client.ts';

// How one byte sequence is cut into writes; `name` says it in failure messages ("one byte at a time").
export interface Segmentation {
  readonly name: string;
  // Piece lengths, all > 0, summing to length (no pieces for an empty sequence).
  cut(length: number): number[];
}

// Everything in one write: several messages coalesced, as a fast client's kernel may send them.
export const inOneWrite: Segmentation = { name: 'in one write', cut: (length) => (length > 0 ? [length] : []) };

// One write per byte: the slowest possible sender.
export const byteAtATime: Segmentation = { name: 'one byte at a time', cut: (length) => Array.from({ length }, () => 1) };

// Writes of `size` bytes (the last may be shorter).
export function inChunks(size: number): Segmentation {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`inChunks(size) needs a positive integer, got ${JSON.stringify(size)} (${typeof size})`);
  return { name: `in ${size}-byte writes`, cut: (length) => Array.from({ length: Math.ceil(length / size) }, (_, i) => Math.min(size, length - i * size)) };
}

// Cuts at the given stream offsets (e.g. splitAt(2) splits a 4-byte header in the middle).
export function splitAt(...offsets: number[]): Segmentation {
  return {
    name: `split at byte ${offsets.join(', ')}`,
    cut: (length) => piecesFromCuts([...new Set(offsets)].filter((o) => o > 0 && o < length).sort((a, b) => a - b), length),
  };
}

// Up to `maxCuts` cut points drawn from a seeded generator: the same seed always cuts the same way, so a
// failure names its seed and replays exactly (SOCKGRADE_SEED=<seed>, see seedsToTry).
export function randomSplits(seed: number, { maxCuts = 32 }: { maxCuts?: number } = {}): Segmentation {
  return {
    name: `split at random points (seed ${seed})`,
    cut: (length) => {
      let x = seed >>> 0 || 1;
      const next = (): number => {
        x ^= x << 13;
        x >>>= 0;
        x ^= x >>> 17;
        x ^= x << 5;
        x >>>= 0;
        return x;
      };
      const cuts = new Set<number>();
      const wanted = length > 1 ? 1 + (next() % Math.min(maxCuts, length - 1)) : 0;
      for (let i = 0; i < wanted * 4 && cuts.size < wanted; i++) cuts.add(1 + (next() % (length - 1)));
      return piecesFromCuts([...cuts].sort((a, b) => a - b), length);
    },
  };
}

function piecesFromCuts(cuts: number[], length: number): number[] {
  if (length === 0) return [];
  return [...cuts, length].map((at, i) => at - (i === 0 ? 0 : (cuts[i - 1] as number)));
}

// The seeds a randomized test runs: the run's seed (SOCKGRADE_SEED) replays one; otherwise the spec's fixed
// list, so a grade never depends on luck.
export function seedsToTry(defaults: readonly number[], { seed = runSettings().seed }: { seed?: number } = {}): number[] {
  return seed === undefined ? [...defaults] : [seed];
}

export interface ShapedSendOptions {
  // 'read' (TCP on Linux): before the next piece, wait until the server process has read the previous
  // one. 'written': only until it is handed to the kernel. Default: 'read' where it can be observed.
  readonly pace?: 'read' | 'written';
  // How long to wait for the server to read a piece; if it does not, the rest goes out unpaced. A correct
  // server reads at once, so only a server that stopped reading pays this, once per send.
  readonly paceTimeoutMs?: number;
  // Most time pacing may add to one send (a loaded machine reads /proc slowly); past it the rest goes
  // out unpaced, so a send never takes long whatever the load.
  readonly paceBudgetMs?: number;
}

export interface ShapedSend {
  readonly pieces: number;
  // Pieces the server was seen to read before the next one was written.
  readonly readSeparately: number;
  // Why the send stopped early (the connection was closed or reset), if it did.
  readonly stopped?: string;
  // How many pieces had been written when the first reply byte was seen, if one came before the last piece.
  readonly repliedAfter?: number;
}

function canObserveReads(client: StreamClient): boolean {
  return process.platform === 'linux' && client.endpoint.kind === 'tcp' && client.localPort !== undefined;
}

// Waits (bounded, never fails) until the server process has read everything this client sent, where
// the kernel shows it (TCP on Linux: /proc/net/tcp); resolves false if it could not tell or it did not.
export async function untilServerRead(client: StreamClient, timeoutMs = scaled(1000)): Promise<boolean> {
  if (!canObserveReads(client) || client.endpoint.kind === 'unix') return false;
  const { port: serverPort, host } = client.endpoint;
  return pollUntil(() => deliveredAndRead(serverPort, client.localPort as number, { host }), timeoutMs, { intervalMs: 1 });
}

// True when the kernel shows the server's end of this TCP connection gone: it closed with bytes of ours
// unread, or reset. Nothing more can reach it, and a write would only fail, and take with it the reply the
// server sent before (Node destroys a socket whose write fails, unread bytes and all).
async function serverGone(client: StreamClient): Promise<boolean> {
  if (!canObserveReads(client) || client.endpoint.kind !== 'tcp') return false;
  const { port, host } = client.endpoint;
  return serverEndGone(port, client.localPort as number, { host });
}

// Sends bytes cut by a segmentation. Each write goes out with Nagle off (the client sets TCP_NODELAY)
// and only once the previous one was handed to the kernel; with pace 'read' also only once the server
// has read it (/proc/net/tcp: our unacknowledged bytes and the server end's unread bytes are both 0),
// so each recv() of a correct server returns at most one piece. Nothing guarantees more: a server that
// reads late, or another kernel, may still see pieces merged. A closed or reset connection stops the
// send (no throw), and so does a paced one whose server's end is gone before the next piece (its reply
// stays readable): what the server did is for the reply check to diagnose.
export async function sendShaped(client: StreamClient, data: ByteInput, segmentation: Segmentation, { pace, paceTimeoutMs = scaled(1000), paceBudgetMs = scaled(3000) }: ShapedSendOptions = {}): Promise<ShapedSend> {
  const paceUntil = performance.now() + paceBudgetMs;
  const bytes = toBuffer(data);
  const pieces = segmentation.cut(bytes.length);
  let paced = (pace ?? 'read') === 'read' && canObserveReads(client) && pieces.length > 1;
  if (pieces.length > 1) client.transcript.record(client.label, 'note', `sending ${plural(bytes.length, 'byte')} ${segmentation.name}: ${plural(pieces.length, 'write')}${paced ? ', each read by the server before the next' : ''}`);
  let offset = 0;
  let readSeparately = 0;
  const receivedBefore = client.bytesReceived;
  let repliedAfter: number | undefined;
  const result = (extra: { stopped?: string } = {}): ShapedSend => ({ pieces: pieces.length, readSeparately, ...extra, ...(repliedAfter !== undefined ? { repliedAfter } : {}) });
  for (const [i, size] of pieces.entries()) {
    if (repliedAfter === undefined && i > 0 && client.bytesReceived > receivedBefore) repliedAfter = i;
    try {
      await client.send(bytes.subarray(offset, offset + size));
    } catch (err) {
      return result({ stopped: (err as Error).message });
    }
    offset += size;
    if (i === pieces.length - 1) break;
    if (client.ended) paced = false;
    if (paced && performance.now() > paceUntil) {
      paced = false;
      client.transcript.record(client.label, 'note', `pacing took over ${paceBudgetMs}ms by piece ${i + 1}: the rest goes out unpaced`);
    }
    if (paced) {
      if (await untilServerRead(client, Math.min(paceTimeoutMs, Math.max(1, paceUntil - performance.now())))) readSeparately++;
      else {
        paced = false;
        client.transcript.record(client.label, 'note', `the server had not read piece ${i + 1} after ${paceTimeoutMs}ms: the rest goes out unpaced`);
      }
    }
    if (paced && (await serverGone(client))) {
      client.transcript.record(client.label, 'note', `the server's end of the connection is gone after piece ${i + 1} (it closed or reset it): the rest is not sent`);
      return result({ stopped: "the server's end of the connection is gone" });
    }
  }
  return result();
}
