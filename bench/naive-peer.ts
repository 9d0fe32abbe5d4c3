// The peer: bench/peer/naive_grader.py, a typical hand-written course grader, run on a tcp-echo
// submission folder and measured like sockgrade (its server is started with the same interpreter).
import { fileURLToPath } from 'node:url';
import { measureTree } from './process-tree-usage.ts';
import type { TreeUsage } from './process-tree-usage.ts';
import { tallyUnittest } from './test-tally.ts';
import type { TestTally } from './test-tally.ts';

const GRADER = fileURLToPath(new URL('./peer/naive_grader.py', import.meta.url));

export interface PeerRun {
  readonly usage: TreeUsage;
  readonly tally: TestTally;
}

// Grades submissionDir (its server.py) with the naive grader run by python, which also runs the server.
export async function runPeer(python: string, submissionDir: string): Promise<PeerRun> {
  const usage = await measureTree([python, GRADER, submissionDir]);
  return { usage, tally: tallyUnittest(usage.stderr) };
}
