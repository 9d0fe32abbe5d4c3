import { closeSync, openSync, writeSync } from 'node:fs';
import { expect, test } from 'vitest';
import { bytesWrittenBy } from './process-io.ts';

test.runIf(process.platform === 'linux')("counts the bytes a process writes, wherever they go, from the kernel's count", () => {
  const before = bytesWrittenBy([process.pid]) as number;
  expect(before).toEqual(expect.any(Number));
  const sink = openSync('/dev/null', 'w');
  try {
    writeSync(sink, Buffer.alloc(10_000));
  } finally {
    closeSync(sink);
  }
  expect((bytesWrittenBy([process.pid]) as number) - before).toBeGreaterThanOrEqual(10_000);
  expect(bytesWrittenBy([])).toBeUndefined();
});
