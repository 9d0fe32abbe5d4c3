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
