import { existsSync } from 'node:fs';
import { expect, test } from 'vitest';
import { measureTree } from './process-tree-usage.ts';

// A grandchild that uses 200 ms of CPU (its own clock, whatever the load), under a shell that exits 3.
const BURN = '/usr/bin/python3 -c "import time\nwhile time.process_time() < 0.2: pass"; exit 3';

test.skipIf(!existsSync('/usr/bin/python3'))('CPU counts every process of the tree (wait4), not only the command; its exit code comes back', async () => {
  const usage = await measureTree(['/bin/sh', '-c', BURN]);
  expect(usage.exitCode).toBe(3);
  // rusage is in µs, split between user and sys: allow for rounding, not for missing the grandchild.
  expect(usage.cpuMs).toBeGreaterThanOrEqual(195);
  expect(usage.leftovers).toEqual([]);
});
