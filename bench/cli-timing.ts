import path from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../harness/paths.ts';

export interface CliTiming {
  readonly wallMs: number;
  readonly firstTestMs: number;
  readonly exitCode: number;
}

// Runs the real CLI once on a submission folder and reads its own timing line (SOCKGRADE_TIMING=1).
export async function timeCli(args: readonly string[]): Promise<CliTiming> {
  const start = performance.now();
  const result = await execa(process.execPath, [path.join(packageRoot, 'bin/sockgrade.js'), ...args], {
    reject: false,
    env: { SOCKGRADE_TIMING: '1', NO_COLOR: '1' },
    stdin: 'ignore',
  });
  const wallMs = performance.now() - start;
  const m = /first test started at (\d+)ms/.exec(String(result.stderr));
  return { wallMs, firstTestMs: m ? Number(m[1]) : NaN, exitCode: result.exitCode ?? -1 };
}
