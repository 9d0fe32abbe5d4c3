import { expect, test } from 'vitest';
import { harnessCpu } from './harness-cpu.ts';
import type { TreeUsage } from './process-tree-usage.ts';

const usage = (processes: TreeUsage['processes'], cpuMs: number): TreeUsage => ({ exitCode: 0, wallMs: 1000, cpuMs, peakTreeRssMiB: 100, maxProcessRssMiB: 80, processes, leftovers: [], stdout: '', stderr: '' });

test('the servers are the descendants run by the servers\' interpreter; everything else is the harness', () => {
  const run = usage(
    [
      { pid: 2, argv: ['/usr/bin/python3', 'server.py', '4000'], cpuMs: 30, peakRssMiB: 9 },
      { pid: 3, argv: ['/usr/bin/python3', 'server.py', '4001'], cpuMs: 20, peakRssMiB: 9 },
      // A helper the grader ran is the grader's cost, not a server's.
      { pid: 4, argv: ['/bin/sh', '-c', 'make'], cpuMs: 5, peakRssMiB: 2 },
    ],
    450,
  );
  expect(harnessCpu(run, '/usr/bin/python3', 4)).toEqual({ treeCpuMs: 450, serversCpuMs: 50, servers: 2, harnessCpuMs: 400, tests: 4, perTestMs: 100 });
  expect(harnessCpu(run, '/usr/bin/python3', 0).perTestMs).toBeNaN();
});
