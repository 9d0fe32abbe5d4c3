import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { sandboxedCommand, sandboxScript, SANDBOX_NAME } from './sandbox-command.ts';
import { DEFAULT_LIMITS } from './server-limits.ts';

describe('the sandbox wrapper', () => {
  test('wraps the command without changing what reports show', () => {
    const wrapped = sandboxedCommand({ file: 'python3', args: ['server.py', '4000'], display: 'python3 server.py 4000' }, 'exec "$@"');
    expect(wrapped).toEqual({ file: '/bin/sh', args: ['-c', 'exec "$@"', SANDBOX_NAME, 'python3', 'server.py', '4000'], display: 'python3 server.py 4000' });
  });

  test('joins every cgroup before exec, and stops if it cannot', () => {
    const script = sandboxScript(DEFAULT_LIMITS, 'cgroups', ["/sys/fs/cgroup/pids/sockgrade.r.1/cgroup.procs", "/tmp/it's/cgroup.procs"]);
    expect(script).toContain(`echo $$ > '/sys/fs/cgroup/pids/sockgrade.r.1/cgroup.procs' || {`);
    expect(script).toContain(`echo $$ > '/tmp/it'\\''s/cgroup.procs' || {`);
    expect(script).not.toContain('ulimit -d');
    expect(script.trim().split('\n').at(-1)).toBe('exec "$@"');
    expect(sandboxScript(DEFAULT_LIMITS, 'rlimits', [])).toContain(`ulimit -d ${256 * 1024 * 4} `);
  });

  test.runIf(process.platform === 'linux')('the shell sets the limits it says, in its units (512-byte blocks, KiB)', () => {
    const script = sandboxScript({ ...DEFAULT_LIMITS, cpuSeconds: 7, fileSizeMiB: 3, openFiles: 100, memoryMiB: 64 }, 'rlimits', []);
    const limits = execFileSync('/bin/sh', ['-c', script, SANDBOX_NAME, 'cat', '/proc/self/limits'], { encoding: 'utf8' });
    const row = (name: string): string[] => (limits.split('\n').find((line) => line.startsWith(name)) ?? '').slice(26).trim().split(/\s+/);
    expect(row('Max cpu time')).toEqual(['7', '8', 'seconds']);
    expect(row('Max file size')).toEqual([String(3 * 1024 * 1024), String(3 * 1024 * 1024), 'bytes']);
    expect(row('Max open files')).toEqual(['100', '100', 'files']);
    expect(row('Max data size')).toEqual([String(64 * 4 * 1024 * 1024), String(64 * 4 * 1024 * 1024), 'bytes']);
    expect(row('Max core file size')).toEqual(['0', '0', 'bytes']);
  });
});
