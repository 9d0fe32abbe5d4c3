// A grader's own CPU, apart from the servers it starts: the tree's exact CPU (wait4) minus what the
// server processes used (sampled), per test that ran. Each server's last sampling interval is missed,
// so this leans against the grader by at most a few ms per server.
import type { TreeUsage } from './process-tree-usage.ts';

export interface HarnessCpu {
  readonly treeCpuMs: number;
  readonly serversCpuMs: number;
  readonly servers: number;
  readonly harnessCpuMs: number;
  readonly tests: number;
  readonly perTestMs: number;
}

// Splits a run's CPU between its servers (descendants whose argv[0] is the servers' interpreter, e.g.
// /usr/bin/python3: the sandbox shell execs into it, keeping the pid and its CPU) and the grader.
export function harnessCpu(usage: TreeUsage, serverProgram: string, tests: number): HarnessCpu {
  const servers = usage.processes.filter((p) => p.argv[0] === serverProgram);
  const serversCpuMs = servers.reduce((sum, p) => sum + p.cpuMs, 0);
  const harnessCpuMs = usage.cpuMs - serversCpuMs;
  return { treeCpuMs: usage.cpuMs, serversCpuMs, servers: servers.length, harnessCpuMs, tests, perTestMs: tests > 0 ? harnessCpuMs / tests : NaN };
}
