// One server's launch and teardown through the harness (launchServer, then stop()), in this process, one
// at a time: where a test's fixed cost goes, apart from vitest's share of it.
import path from 'node:path';
import { launchServer } from '../harness/launch/launch-server.ts';
import { packageRoot } from '../harness/paths.ts';

export interface LaunchCost {
  readonly startMs: number;
  readonly stopMs: number;
  // This process's CPU over launch and stop: the harness's side only (a child's CPU is not counted here).
  readonly harnessCpuMs: number;
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

// Launches and stops a correct tcp-echo server `runs` times: time to ready, time to tear down, harness CPU.
export async function measureLaunchCost(command: string, runs: number): Promise<LaunchCost[]> {
  const submissionDir = path.join(packageRoot, 'fixtures/tcp-echo/echo-ok');
  const costs: LaunchCost[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu0 = cpuMs();
    const t0 = performance.now();
    const server = await launchServer({ label: 'bench', endpoint: 'tcp', command, submissionDir });
    const t1 = performance.now();
    await server.stop();
    costs.push({ startMs: t1 - t0, stopMs: performance.now() - t1, harnessCpuMs: cpuMs() - cpu0 });
  }
  return costs;
}
