import { describe, expect, test } from 'vitest';
import { ownCgroupDirs, parseCgroupMounts, parseOwnCgroups } from './cgroup-hierarchy.ts';

const MOUNTINFO = `25 1 254:0 / / rw,relatime - ext4 /dev/vda rw
31 30 0:27 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
32 30 0:28 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
33 30 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
34 30 0:30 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw`;

describe('cgroup hierarchy', () => {
  test('v1 mounts with their controllers (co-mounted ones too); cgroup2 and other file systems are not', () => {
    expect(parseCgroupMounts(MOUNTINFO)).toEqual([
      { controllers: ['rw', 'memory'], mountPoint: '/sys/fs/cgroup/memory', root: '/' },
      { controllers: ['rw', 'pids'], mountPoint: '/sys/fs/cgroup/pids', root: '/' },
      { controllers: ['rw', 'cpu', 'cpuacct'], mountPoint: '/sys/fs/cgroup/cpu,cpuacct', root: '/' },
    ]);
    expect(parseCgroupMounts('40 30 0:31 / /mnt/with\\040space rw - cgroup cgroup rw,pids')[0]?.mountPoint).toBe('/mnt/with space');
  });

  test("this process's own cgroup per controller", () => {
    const own = parseOwnCgroups('9:name=systemd:/\n8:pids:/\n4:memory:/process_api/abc\n2:cpu,cpuacct:/\n0::/\n');
    expect(Object.fromEntries(own)).toEqual({ 'name=systemd': '/', pids: '/', memory: '/process_api/abc', cpu: '/', cpuacct: '/' });
  });

  test('servers go inside our own cgroups, wherever each hierarchy is mounted', () => {
    const dirs = ownCgroupDirs(parseCgroupMounts(MOUNTINFO), parseOwnCgroups('8:pids:/\n4:memory:/process_api/abc\n2:cpu,cpuacct:/\n'));
    expect(Object.fromEntries(dirs ?? [])).toEqual({ memory: '/sys/fs/cgroup/memory/process_api/abc', pids: '/sys/fs/cgroup/pids', cpuacct: '/sys/fs/cgroup/cpu,cpuacct' });
  });

  test('a container that sees only its part of the hierarchy', () => {
    const mounts = parseCgroupMounts(['1 0 0:1 /docker/x /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory', '2 0 0:2 /docker/x /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids', '3 0 0:3 /docker/x /sys/fs/cgroup/cpuacct rw - cgroup cgroup rw,cpuacct'].join('\n'));
    const own = parseOwnCgroups('3:memory:/docker/x\n2:pids:/docker/x/job\n1:cpuacct:/docker/x\n');
    expect(Object.fromEntries(ownCgroupDirs(mounts, own) ?? [])).toEqual({ memory: '/sys/fs/cgroup/memory', pids: '/sys/fs/cgroup/pids/job', cpuacct: '/sys/fs/cgroup/cpuacct' });
    expect(ownCgroupDirs(mounts, parseOwnCgroups('3:memory:/elsewhere\n2:pids:/docker/x\n1:cpuacct:/docker/x\n'))).toBeUndefined();
  });

  test('no v1 controllers (cgroup v2 only, macOS): none', () => {
    expect(ownCgroupDirs(parseCgroupMounts('34 30 0:30 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw'), parseOwnCgroups('0::/user.slice\n'))).toBeUndefined();
  });
});
