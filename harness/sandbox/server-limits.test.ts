import { describe, expect, test } from 'vitest';
import { DEFAULT_LIMITS, parseLimitOption, parseLimits, resolveLimits, showMiB } from './server-limits.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';

describe('server limits', () => {
  test('later layers win over earlier ones and the defaults; CPU time is stretched by the timeout scale', () => {
    const limits = resolveLimits([{ memoryMiB: 1024, cpuSeconds: 5 }, undefined, { memoryMiB: 2048 }], 1.5);
    expect(limits).toEqual({ ...DEFAULT_LIMITS, memoryMiB: 2048, cpuSeconds: 8 });
    expect(resolveLimits([])).toEqual(DEFAULT_LIMITS);
  });

  test('a partial set is validated: known names, positive integers', () => {
    expect(parseLimits({ processes: 512, openFiles: 4096 }, 'x')).toEqual({ processes: 512, openFiles: 4096 });
    const cases: [unknown, RegExp][] = [
      [{ memory: 1 }, /unknown limit "memory" \(known: memoryMiB, processes, fileSizeMiB, openFiles, cpuSeconds\)/],
      [{ memoryMiB: '512' }, /memoryMiB must be a positive integer up to \d+, got "512" \(string\)/],
      [{ cpuSeconds: 0 }, /cpuSeconds must be a positive integer/],
      [{ processes: 2.5 }, /processes must be a positive integer/],
      [[1], /limits must be an object/],
    ];
    for (const [value, message] of cases) {
      const err = (() => {
        try {
          parseLimits(value, 'package.json "sockgrade.limits"', 'E_SPECS');
        } catch (e) {
          return e;
        }
      })();
      expect(isSockgradeError(err, 'E_SPECS')).toBe(true);
      expect((err as Error).message).toMatch(/^package\.json "sockgrade\.limits": /);
      expect((err as Error).message).toMatch(message);
    }
  });

  test('--limit NAME=VALUE', () => {
    expect(parseLimitOption('memoryMiB=1024')).toEqual({ memoryMiB: 1024 });
    expect(() => parseLimitOption('memoryMiB')).toThrow(/--limit: expected NAME=VALUE \(e\.g\. memoryMiB=1024\), got "memoryMiB"/);
    expect(() => parseLimitOption('memory=1G')).toThrow(/unknown limit "memory"/);
    expect(() => parseLimitOption('cpuSeconds=ten')).toThrow(/cpuSeconds must be a positive integer/);
  });

  test('sizes read as people write them', () => {
    expect(showMiB(256)).toBe('256 MiB');
    expect(showMiB(1024)).toBe('1 GiB');
    expect(showMiB(1536)).toBe('1.5 GiB');
    expect(showMiB(1000)).toBe('1000 MiB');
  });
});
