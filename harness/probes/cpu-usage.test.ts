import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, expect, test } from 'vitest';
import { canMeasureCpu, quietestBusyShare } from './cpu-usage.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

// A process running `source`, once it has started (it prints a line first).
async function started(source: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', `console.log('up'); ${source}`], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  await new Promise((resolve) => child.stdout?.once('data', resolve));
  return child;
}

test.runIf(process.platform === 'linux')('a quiet first window ends the measure; a spinner is measured in every window', async () => {
  expect(await canMeasureCpu()).toBe(true);
  const sleeper = await started('setInterval(() => {}, 60_000);');
  const spinner = await started('for (;;);');
  const quiet = await quietestBusyShare(async () => [sleeper.pid as number], 100, { quietAt: 0.5 });
  expect(quiet.all).toHaveLength(1);
  expect(quiet.share).toBeLessThanOrEqual(0.5);
  const busy = await quietestBusyShare(async () => [spinner.pid as number], 100, { quietAt: 0.5 });
  expect(busy.all).toHaveLength(2);
  expect(busy.share).toBeGreaterThan(0.5);
  // The older form, a number of windows: every window is measured.
  const counted = await quietestBusyShare(async () => [sleeper.pid as number], 50, 3);
  expect(counted.all).toHaveLength(3);
});
