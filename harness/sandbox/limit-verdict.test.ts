import { describe, expect, test } from 'vitest';
import type { LimitEvidence } from './limit-verdict.ts';
import { describeLimitHit, findLimitHit } from './limit-verdict.ts';
import { DEFAULT_LIMITS } from './server-limits.ts';

const quiet = { oomKills: 0, pidsLimitHits: 0, cpuNs: 0 };
const base: LimitEvidence = { limits: DEFAULT_LIMITS, enforcement: 'cgroups', counters: quiet, filesAtLimit: [] };
const died = (signal: string | null, code: number | null = null) => ({ code, signal, afterMs: 900 });

describe('findLimitHit', () => {
  test('nothing counted, nothing said: no limit', () => {
    expect(findLimitHit(base)).toBeUndefined();
    expect(findLimitHit({ ...base, exit: died(null, 1), stderr: 'Traceback …\nValueError: bad port' })).toBeUndefined();
  });

  test('an OOM kill in its memory cgroup', () => {
    const hit = findLimitHit({ ...base, exit: died('SIGKILL'), counters: { ...quiet, oomKills: 1 } });
    expect(hit).toEqual({ code: 'E_LIMIT_MEMORY', limit: 'the memory limit of 256 MiB', evidence: "the kernel's OOM killer killed 1 process of it" });
    expect(describeLimitHit(hit!)).toBe("exceeded the memory limit of 256 MiB (the kernel's OOM killer killed 1 process of it)");
  });

  test('a refused fork, whether the server died of it or carried on', () => {
    expect(findLimitHit({ ...base, counters: { ...quiet, pidsLimitHits: 145 } })).toMatchObject({ code: 'E_LIMIT_PROCESSES', limit: 'the limit of 256 processes and threads', evidence: '145 fork or new threads refused' });
  });

  test('CPU: SIGXCPU, or SIGKILL at the hard limit when the cgroup used up the time; never our own SIGKILL', () => {
    expect(findLimitHit({ ...base, exit: died('SIGXCPU') })?.code).toBe('E_LIMIT_CPU');
    expect(findLimitHit({ ...base, enforcement: 'rlimits', counters: undefined, exit: died('SIGXCPU') })?.evidence).toBe('killed by SIGXCPU');
    expect(findLimitHit({ ...base, exit: died('SIGKILL'), counters: { ...quiet, cpuNs: 11.2e9 } })?.evidence).toMatch(/SIGKILL at the hard limit after ignoring SIGXCPU \(11\.2 s of CPU\)/);
    expect(findLimitHit({ ...base, exit: died('SIGKILL'), counters: { ...quiet, cpuNs: 2e9 } })).toBeUndefined();
    expect(findLimitHit({ ...base, exit: { ...died('SIGXCPU'), stoppedWith: 'SIGKILL' } })).toBeUndefined();
  });

  test('file size: SIGXFSZ, a file cut at the limit, or EFBIG in stderr when the signal is ignored (Python, Node)', () => {
    expect(findLimitHit({ ...base, exit: died('SIGXFSZ') })?.evidence).toBe('killed by SIGXFSZ');
    expect(findLimitHit({ ...base, exit: died(null, 1), filesAtLimit: ['work/cache.bin'] })).toEqual({ code: 'E_LIMIT_FILE_SIZE', limit: 'the file size limit of 64 MiB', evidence: 'work/cache.bin stopped growing at the limit' });
    expect(findLimitHit({ ...base, stderr: 'OSError: [Errno 27] File too large' })?.code).toBe('E_LIMIT_FILE_SIZE');
    expect(findLimitHit({ ...base, stderr: "Error: EFBIG: file too large, write" })?.code).toBe('E_LIMIT_FILE_SIZE');
  });

  test('stderr is read only when given (something failed)', () => {
    expect(findLimitHit({ ...base, stderr: undefined })).toBeUndefined();
    expect(findLimitHit({ ...base, stderr: 'OSError: [Errno 24] Too many open files' })).toMatchObject({ code: 'E_LIMIT_OPEN_FILES', limit: 'the limit of 1024 open files' });
  });

  test('a failed allocation is the memory limit only without a memory cgroup (with one, running out is an OOM kill)', () => {
    const stderr = 'Traceback (most recent call last):\nMemoryError';
    expect(findLimitHit({ ...base, stderr })).toBeUndefined();
    const hit = findLimitHit({ ...base, enforcement: 'rlimits', counters: undefined, stderr });
    expect(hit?.code).toBe('E_LIMIT_MEMORY');
    expect(hit?.limit).toBe('the memory limit of 256 MiB (without cgroups: at most 1 GiB reserved, thread stacks included)');
  });

  test('memory outranks processes outranks CPU outranks file size outranks open files', () => {
    const all: LimitEvidence = { ...base, exit: died('SIGXCPU'), counters: { oomKills: 1, pidsLimitHits: 1, cpuNs: 0 }, filesAtLimit: ['x'], stderr: 'Too many open files' };
    expect(findLimitHit(all)?.code).toBe('E_LIMIT_MEMORY');
    expect(findLimitHit({ ...all, counters: { ...quiet, pidsLimitHits: 1 } })?.code).toBe('E_LIMIT_PROCESSES');
    expect(findLimitHit({ ...all, counters: quiet })?.code).toBe('E_LIMIT_CPU');
    expect(findLimitHit({ ...all, counters: quiet, exit: died(null, 1) })?.code).toBe('E_LIMIT_FILE_SIZE');
    expect(findLimitHit({ ...all, counters: quiet, exit: died(null, 1), filesAtLimit: [] })?.code).toBe('E_LIMIT_OPEN_FILES');
  });
});
