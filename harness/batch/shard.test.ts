import { expect, test } from 'vitest';
import { parseShard, shardOf } from './shard.ts';

const names = ['zoe', 'alice', 'Bob', 'carol', 'dave', 'émile', 'eve'];

test('the shards of a class are disjoint, cover it, and do not depend on the listing order', () => {
  const shards = [1, 2, 3].map((index) => shardOf(names, { index, count: 3 }));
  expect(shards.flat().sort()).toEqual([...names].sort());
  expect(shards).toEqual([['Bob', 'dave', 'émile'], ['alice', 'eve'], ['carol', 'zoe']]);
  expect(shardOf([...names].reverse(), { index: 2, count: 3 })).toEqual(shards[1]);
  expect(shardOf(names, undefined)).toEqual(['Bob', 'alice', 'carol', 'dave', 'eve', 'zoe', 'émile']);
});

test('--shard must be I/N with 1 ≤ I ≤ N', () => {
  expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
  for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3']) expect(() => parseShard(bad), bad).toThrow(/--shard must be I\/N/);
});
