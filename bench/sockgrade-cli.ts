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
  // The steps before it, on the same clock (NaN when not printed).
  readonly steps: StartSteps;
}

// When the CLI had read its arguments, loaded vitest (imported vitest/node), created it, and asked it
// to run the tests.
export interface StartSteps {
  readonly argumentsReadMs: number;
  readonly vitestLoadedMs: number;
  readonly vitestCreatedMs: number;
  readonly testsRequestedMs: number;
}

// `sockgrade timing: first test started at Nms, run ended at Mms (arguments read at Ams, vitest loaded at
// Bms, vitest created at Cms, tests requested at Dms)` (harness/grade/grading-run.ts).
export function parseTiming(stderr: string): { firstTestMs: number; runEndedMs: number; steps: StartSteps } {
  const m = /first test started at (-?\d+)ms, run ended at (\d+)ms/.exec(stderr);
  const step = (name: string): number => {
    const found = new RegExp(`${name} at (-?\\d+)ms`).exec(stderr);
    return found ? Number(found[1]) : NaN;
  };
  const steps = { argumentsReadMs: step('arguments read'), vitestLoadedMs: step('vitest loaded'), vitestCreatedMs: step('vitest created'), testsRequestedMs: step('tests requested') };
  return { firstTestMs: m ? Number(m[1]) : NaN, runEndedMs: m ? Number(m[2]) : NaN, steps };
}

// Runs `node bin/sockgrade.js ...args` with the bench's Node, measured.
export async function runSockgrade(args: readonly string[]): Promise<SockgradeRun> {
  const usage = await measureTree([process.execPath, path.join(packageRoot, 'bin/sockgrade.js'), ...args], { env: { SOCKGRADE_TIMING: '1', NO_COLOR: '1' } });
  return { usage, ...parseTiming(usage.stderr) };
}
