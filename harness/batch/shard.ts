import { SockgradeError } from '../errors/sockgrade-error.ts';

// One CI matrix job's part of the class: job `index` (1-based) of `count`.
export interface Shard {
  readonly index: number;
  readonly count: number;
}

// Parses "--shard I/N" (1 ≤ I ≤ N); anything else is an E_USAGE naming the value.
export function parseShard(raw: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new SockgradeError('E_USAGE', `--shard must be I/N with 1 ≤ I ≤ N (e.g. 2/4), got ${JSON.stringify(raw)}`);
  }
  return { index, count };
}

// Deterministic split: names sorted by code unit (the same on every machine and locale), then
// round-robin, so job I takes the names at sorted positions I-1, I-1+N, I-1+2N, ...
export function shardOf(names: readonly string[], shard: Shard | undefined): string[] {
  const sorted = [...names].sort(compareNames);
  return shard ? sorted.filter((_, position) => position % shard.count === shard.index - 1) : sorted;
}

// Code-unit order, independent of the locale (localeCompare is not).
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
