// What one command's whole process tree used: wall, CPU and peak memory, measured by
// bench/process-tree-usage.py (Node has no wait4, so a child's and its descendants' rusage need a wrapper).
import path from 'node:path';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

// The interpreter that runs the wrapper (not measured: the wrapper times from spawn to reap itself).
const WRAPPER_PYTHON = '/usr/bin/python3';
const WRAPPER = fileURLToPath(new URL('./process-tree-usage.py', import.meta.url));
// How often the tree's memory and its descendants' CPU are sampled: short enough to see each server
// (they live ≥ 300 ms), long enough that the sampling costs a few percent of one core.
const SAMPLE_MS = 20;

// One process below the measured command, as last sampled.
export interface TreeProcess {
  readonly pid: number;
  readonly argv: readonly string[];
  readonly cpuMs: number;
  readonly peakRssMiB: number;
}

export interface TreeUsage {
  readonly exitCode: number;
  readonly wallMs: number;
  // user + sys of the command and every descendant (wait4), exact.
  readonly cpuMs: number;
  // Largest sum of the tree's resident set sizes, sampled every SAMPLE_MS.
  readonly peakTreeRssMiB: number;
  // ru_maxrss: the largest single process's peak (the kernel's figure, not a sample).
  readonly maxProcessRssMiB: number;
  // Descendants (the command itself excluded), with their sampled CPU: each misses its last interval.
  readonly processes: readonly TreeProcess[];
  // Pids still alive after the command exited: a grader that left processes behind.
  readonly leftovers: readonly number[];
  readonly stdout: string;
  readonly stderr: string;
}

interface WrapperReport {
  exitCode: number;
  wallMs: number;
  userMs: number;
  sysMs: number;
  peakTreeRssKiB: number;
  maxProcessRssKiB: number;
  processes: { pid: number; argv: string[]; cpuNs: number; peakRssKiB: number }[];
  leftovers: number[];
}

const mib = (kib: number): number => kib / 1024;

// Runs argv (stdin closed) with the given extra environment and measures its process tree.
export async function measureTree(argv: readonly string[], { env = {}, cwd }: { env?: Record<string, string>; cwd?: string } = {}): Promise<TreeUsage> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-bench-usage-'));
  try {
    const out = path.join(dir, 'usage.json');
    const run = await execa(WRAPPER_PYTHON, [WRAPPER, out, String(SAMPLE_MS), '--', ...argv], { reject: false, env, stdin: 'ignore', ...(cwd ? { cwd } : {}) });
    const report = await readFile(out, 'utf8').then(
      (text) => JSON.parse(text) as WrapperReport,
      () => {
        throw new Error(`${path.basename(WRAPPER)} wrote no report (exit ${run.exitCode}): ${String(run.stderr).split('\n').slice(-3).join(' ')}`);
      },
    );
    return {
      exitCode: report.exitCode,
      wallMs: report.wallMs,
      cpuMs: report.userMs + report.sysMs,
      peakTreeRssMiB: mib(report.peakTreeRssKiB),
      maxProcessRssMiB: mib(report.maxProcessRssKiB),
      processes: report.processes.map((p) => ({ pid: p.pid, argv: p.argv, cpuMs: p.cpuNs / 1e6, peakRssMiB: mib(p.peakRssKiB) })),
      leftovers: report.leftovers,
      stdout: String(run.stdout),
      stderr: String(run.stderr),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
