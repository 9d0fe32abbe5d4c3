// The real CLI (bin/sockgrade.js, the built dist/) run once under the process-tree wrapper, with its own
// timing line (SOCKGRADE_TIMING=1) read back.
import path from 'node:path';
import { packageRoot } from '../harness/paths.ts';
import { measureTree } from './process-tree-usage.ts';
import type { TreeUsage } from './process-tree-usage.ts';

export interface SockgradeRun {
  readonly usage: TreeUsage;
  // From the CLI's own clock (performance.now(): since its Node process started) to the first test's start.
  readonly firstTestMs: number;
  readonly runEndedMs: number;
}

// `sockgrade timing: first test started at Nms, run ended at Mms` (harness/grade/grading-run.ts).
export function parseTiming(stderr: string): { firstTestMs: number; runEndedMs: number } {
  const m = /first test started at (-?\d+)ms, run ended at (\d+)ms/.exec(stderr);
  return { firstTestMs: m ? Number(m[1]) : NaN, runEndedMs: m ? Number(m[2]) : NaN };
}

// Runs `node bin/sockgrade.js ...args` with the bench's Node, measured.
export async function runSockgrade(args: readonly string[]): Promise<SockgradeRun> {
  const usage = await measureTree([process.execPath, path.join(packageRoot, 'bin/sockgrade.js'), ...args], { env: { SOCKGRADE_TIMING: '1', NO_COLOR: '1' } });
  return { usage, ...parseTiming(usage.stderr) };
}
