import path from 'node:path';
import { launchServer } from '../harness/launch/launch-server.ts';
import { packageRoot } from '../harness/paths.ts';

// Median of a list of numbers.
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export interface LaunchCost {
  readonly startMs: number;
  readonly stopMs: number;
}

// Launches and stops a correct server `runs` times, one at a time: time to ready, and time to tear down.
export async function measureLaunchCost(command: string, runs: number): Promise<LaunchCost[]> {
  const submissionDir = path.join(packageRoot, 'fixtures/tcp-echo/echo-ok');
  const costs: LaunchCost[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const server = await launchServer({ label: 'bench', endpoint: 'tcp', command, submissionDir });
    const t1 = performance.now();
    await server.stop();
    costs.push({ startMs: t1 - t0, stopMs: performance.now() - t1 });
  }
  return costs;
}
