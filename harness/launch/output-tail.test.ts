import { expect, test } from 'vitest';
import { OutputTail } from './output-tail.ts';

test('keeps only the last bytes and says how much there was', () => {
  const tail = new OutputTail(64);
  for (let i = 0; i < 1000; i++) tail.push(Buffer.from(`line ${i}\n`));
  const lines = tail.lines('[server]', 3);
  expect(lines[0]).toMatch(/^\[server\] … \(\d+ bytes in all, last 3 lines shown\)$/);
  expect(lines.slice(1)).toEqual(['[server] line 997', '[server] line 998', '[server] line 999']);
  expect(tail.totalBytes).toBeGreaterThan(5000);
});

test('an empty stream shows nothing', () => {
  expect(new OutputTail().lines('[server]')).toEqual([]);
});

test('bytes a relay dropped count in the total, and the kept text never joins across them', () => {
  const tail = new OutputTail(64);
  tail.push(Buffer.from('before the gap '));
  tail.skip(1000);
  tail.push(Buffer.from('after\n'));
  expect(tail.totalBytes).toBe(15 + 1000 + 6);
  expect(tail.lines('[server]')).toEqual(['[server] … (1021 bytes in all, last 1 lines shown)', '[server] after']);
});
