import { describe, expect, test } from 'vitest';
import { isZombie, parseProcessStat, readProcessStat } from './process-stat.ts';

describe('parseProcessStat', () => {
  test('reads the fields after a comm holding spaces and parentheses', () => {
    expect(parseProcessStat('4242 (my (odd) server) S 17 4242 4242 0 -1 4194560 …')).toEqual({ pid: 4242, comm: 'my (odd) server', state: 'S', ppid: 17, pgrp: 4242, session: 4242 });
  });

  test('is undefined for text that is not a stat line', () => {
    expect(parseProcessStat('')).toBeUndefined();
    expect(parseProcessStat('garbage')).toBeUndefined();
  });

  test.runIf(process.platform === 'linux')('reads this process, running and not a zombie', async () => {
    const stat = await readProcessStat(process.pid);
    expect(stat?.pid).toBe(process.pid);
    expect(stat?.state).toMatch(/^[RS]$/);
    expect(await isZombie(process.pid)).toBe(false);
    expect(await readProcessStat(2 ** 22 + 1)).toBeUndefined();
  });
});
