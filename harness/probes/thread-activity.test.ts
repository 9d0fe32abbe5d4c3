import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { asleepThroughout, canSeeThreadSleep, threadSnapshot } from './thread-activity.ts';
import { pollUntil } from './wait-until.ts';
import { readProcessStat } from './process-stat.ts';
import { onPath } from '../course/which.ts';
import type { ThreadSnapshot } from './thread-activity.ts';

const snapshot = (threads: Record<string, [boolean, number]>): ThreadSnapshot => new Map(Object.entries(threads).map(([id, [asleep, switches]]) => [id, { asleep, switches }]));

describe('asleepThroughout', () => {
  test('holds only for the same threads, asleep in both snapshots, none switched in between', () => {
    const before = snapshot({ '1/1': [true, 5], '1/2': [true, 9] });
    expect(asleepThroughout(before, snapshot({ '1/1': [true, 5], '1/2': [true, 9] }))).toBe(true);
    // Ran and slept again: one more switch.
    expect(asleepThroughout(before, snapshot({ '1/1': [true, 6], '1/2': [true, 9] }))).toBe(false);
    // Awake now.
    expect(asleepThroughout(before, snapshot({ '1/1': [false, 5], '1/2': [true, 9] }))).toBe(false);
    // A thread (or a forked process) appeared or vanished.
    expect(asleepThroughout(before, snapshot({ '1/1': [true, 5], '1/2': [true, 9], '7/7': [true, 1] }))).toBe(false);
    expect(asleepThroughout(before, snapshot({ '1/1': [true, 5] }))).toBe(false);
    // No processes left at all: nothing can act.
    expect(asleepThroughout(new Map(), new Map())).toBe(true);
  });
});

describe.runIf(process.platform === 'linux')('threadSnapshot', () => {
  test('a process blocked in a read is asleep and stays so; a spinning one never is', async () => {
    expect(await canSeeThreadSleep()).toBe(true);
    const sleeper = spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'ignore', 'ignore'] });
    const spinner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    try {
      // The sleeper is asleep once its event loop waits on stdin (after Node's start): poll, with a
      // deadline, until two snapshots agree.
      let first = await threadSnapshot([sleeper.pid as number]);
      let second = await threadSnapshot([sleeper.pid as number]);
      const settled = async (): Promise<boolean> => {
        [first, second] = [second, await threadSnapshot([sleeper.pid as number])];
        return asleepThroughout(first, second);
      };
      expect(await pollUntil(settled, 10_000, { intervalMs: 5 })).toBe(true);
      const spinning = [await threadSnapshot([spinner.pid as number]), await threadSnapshot([spinner.pid as number])];
      expect(asleepThroughout(spinning[0] as ThreadSnapshot, spinning[1] as ThreadSnapshot)).toBe(false);
      // Waking the sleeper (a byte on its stdin) is seen: it ran, so its switch count moved.
      sleeper.stdin?.write('x');
      const seenAwake = async (): Promise<boolean> => !asleepThroughout(second, await threadSnapshot([sleeper.pid as number]));
      expect(await pollUntil(seenAwake, 10_000, { intervalMs: 1 })).toBe(true);
    } finally {
      sleeper.kill('SIGKILL');
      spinner.kill('SIGKILL');
    }
  });
});

// A parent in vfork() waits, uninterruptibly (state D), until its child execs or exits: the same sleep as
// a page fault reading from disk. Built with cc (CI installs gcc; skipped where there is none).
describe.runIf(process.platform === 'linux' && (process.env.CI === 'true' || onPath('cc')))('threadSnapshot, uninterruptible sleep', () => {
  test('a thread in D (disk sleep) counts as awake: it waits on the machine, not on us', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sockgrade-thread-test-'));
    try {
      writeFileSync(path.join(dir, 'vfork.c'), '#include <unistd.h>\nint main(void) { if (vfork() == 0) { pause(); _exit(0); } return 0; }\n');
      execFileSync('cc', ['-o', path.join(dir, 'vfork'), path.join(dir, 'vfork.c')]);
      const parent = spawn(path.join(dir, 'vfork'), { stdio: 'ignore', detached: true });
      try {
        const pid = parent.pid as number;
        expect(await pollUntil(async () => (await readProcessStat(pid))?.state === 'D', 10_000, { intervalMs: 5 })).toBe(true);
        const [before, after] = [await threadSnapshot([pid]), await threadSnapshot([pid])];
        expect(before.get(`${pid}/${pid}`)?.asleep).toBe(false);
        expect(asleepThroughout(before, after)).toBe(false);
      } finally {
        // Its own group, which the child shares: both go.
        process.kill(-(parent.pid as number), 'SIGKILL');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
