import { spawn } from 'node:child_process';
import { expect, test } from 'vitest';
import { zombieChildren } from './zombies.ts';
import { pollUntil } from './wait-until.ts';

test.runIf(process.platform === 'linux')('finds an exited child its parent never waited for, and only that parent\'s', async () => {
  // sh starts a child that exits at once, then becomes `sleep` (exec), which never calls wait(): a zombie.
  const parent = spawn('sh', ['-c', 'true & exec sleep 30'], { stdio: 'ignore' });
  try {
    let found: number[] = [];
    expect(await pollUntil(async () => (found = await zombieChildren([parent.pid as number])).length === 1, 5000)).toBe(true);
    expect(found[0]).not.toBe(parent.pid);
    expect(await zombieChildren([process.pid])).toEqual([]);
    expect(await zombieChildren([])).toEqual([]);
  } finally {
    parent.kill('SIGKILL');
  }
});
