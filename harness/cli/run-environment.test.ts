import { describe, expect, test } from 'vitest';
import { readRunEnvironment } from './run-environment.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';

function usageError(env: NodeJS.ProcessEnv): string {
  try {
    readRunEnvironment(env);
  } catch (err) {
    if (isSockgradeError(err, 'E_USAGE')) return err.shortMessage;
    throw err;
  }
  throw new Error('expected an E_USAGE error');
}

describe('readRunEnvironment', () => {
  test('defaults: scale 1, no seed, a fresh run id', () => {
    const settings = readRunEnvironment({});
    expect(settings.timeoutScale).toBe(1);
    expect(settings.seed).toBeUndefined();
    expect(settings.runId).toMatch(/^[0-9a-f]{12}$/);
  });

  test('reads each variable', () => {
    expect(readRunEnvironment({ SOCKGRADE_TIMEOUT_SCALE: '2.5', SOCKGRADE_SEED: '42', SOCKGRADE_RUN_ID: 'selftest-1' })).toEqual({ runId: 'selftest-1', timeoutScale: 2.5, seed: 42 });
  });

  test('SOCKGRADE_CGROUPS=off limits servers with rlimits only', () => {
    expect(readRunEnvironment({ SOCKGRADE_CGROUPS: 'off' }).cgroups).toBe(false);
    expect(readRunEnvironment({ SOCKGRADE_CGROUPS: 'on' }).cgroups).toBe(true);
  });

  test('a bad value is one line naming the variable, the value and what it must be', () => {
    expect(usageError({ SOCKGRADE_TIMEOUT_SCALE: 'abc' })).toBe('SOCKGRADE_TIMEOUT_SCALE must be a positive number, got "abc"');
    expect(usageError({ SOCKGRADE_TIMEOUT_SCALE: '-1' })).toBe('SOCKGRADE_TIMEOUT_SCALE must be a positive number, got "-1"');
    expect(usageError({ SOCKGRADE_SEED: '1.5' })).toBe('SOCKGRADE_SEED must be a non-negative integer, got "1.5"');
    expect(usageError({ SOCKGRADE_CGROUPS: 'no' })).toBe('SOCKGRADE_CGROUPS must be "on" or "off", got "no"');
    expect(usageError({ SOCKGRADE_RUN_ID: 'a b' })).toBe('SOCKGRADE_RUN_ID must be letters, digits, ".", "_" or "-", at most 64, got "a b"');
  });
});
