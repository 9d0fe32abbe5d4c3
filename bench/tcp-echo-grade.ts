// One grade of tcp-echo by sockgrade, as a student runs it: the CLI on a folder, the server started
// with a named interpreter (--run), measured, and the tests counted from its --json result.
import path from 'node:path';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { runSockgrade } from './sockgrade-cli.ts';
import type { SockgradeRun } from './sockgrade-cli.ts';
import { tallyJson } from './test-tally.ts';
import type { GradeJson, TestTally } from './test-tally.ts';

export interface TcpEchoGrade {
  readonly run: SockgradeRun;
  readonly tally: TestTally;
}

// Grades dir's server.py on tcp-echo, started as `python server.py {port}`.
export async function gradeTcpEcho(python: string, dir: string): Promise<TcpEchoGrade> {
  const out = await mkdtemp(path.join(tmpdir(), 'sockgrade-bench-grade-'));
  try {
    const json = path.join(out, 'result.json');
    const run = await runSockgrade([dir, '-a', 'tcp-echo', '--run', `${python} server.py {port}`, '--json', json]);
    const result = await readFile(json, 'utf8').then(
      (text) => JSON.parse(text) as GradeJson,
      () => {
        throw new Error(`sockgrade wrote no JSON result (exit ${run.usage.exitCode}): ${run.usage.stderr.split('\n').slice(-3).join(' ')}`);
      },
    );
    return { run, tally: tallyJson(result) };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
