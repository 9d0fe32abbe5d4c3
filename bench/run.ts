// `npm run bench`: issue 14's figures in one run, as Markdown (never asserted in tests: timings vary with
// the machine). BENCH_RUNS (default 5): runs per median; BENCH_CLASS (default 6): submissions in the class.
import path from 'node:path';
import { cpus, loadavg } from 'node:os';
import { execa } from 'execa';
import { packageRoot } from '../harness/paths.ts';
import { SPEC_FILES_AT_ONCE } from '../harness/grade/spec-run-config.ts';
import type { TreeUsage } from './process-tree-usage.ts';
import { gradeTcpEcho } from './tcp-echo-grade.ts';
import type { TcpEchoGrade } from './tcp-echo-grade.ts';
import { runPeer } from './naive-peer.ts';
import type { PeerRun } from './naive-peer.ts';
import { harnessCpu } from './harness-cpu.ts';
import type { HarnessCpu } from './harness-cpu.ts';
import { measureLaunchCost } from './launch-cost.ts';
import { rawStartMs } from './raw-start.ts';
import { GOAL_CLASS_SIZE, measureClass } from './class-throughput.ts';
import { sampleAssignments } from './class-folder.ts';
import { median } from './median.ts';
import { markdownTable } from './markdown-table.ts';
import { mib, minutes, ms, ratio, seconds } from './format-figures.ts';
import { atMost, goalsTable } from './goals.ts';

// A whole number ≥ 1 from the environment, or the default; anything else is a usage error.
function countFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  const value = text === undefined || text === '' ? fallback : Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1, got ${JSON.stringify(text)}`);
  return value;
}

const RUNS = countFromEnv('BENCH_RUNS', 5);
const CLASS = countFromEnv('BENCH_CLASS', 6);
// Every server, and the peer, run with the system Python: `python3` on PATH may be a version manager's
// shim (pyenv's costs ~90 ms a start), which would measure the shim, not the graders.
const PYTHON = '/usr/bin/python3';
// `batch --workers`: the goal's class is graded with 2.
const WORKERS = 2;
const OK = path.join(packageRoot, 'fixtures/tcp-echo/echo-ok');
// A bug both graders must catch, so the comparison is between two graders that work.
const BROKEN = path.join(packageRoot, 'fixtures/tcp-echo/echo-upper-cases');

const warnings: string[] = [];
const noteLeftovers = (what: string, usage: TreeUsage): void => {
  if (usage.leftovers.length > 0) warnings.push(`${what} left ${usage.leftovers.length} process(es) running: ${usage.leftovers.join(', ')}`);
};
const medianOf = <T>(items: readonly T[], pick: (item: T) => number): number => median(items.map(pick));
const print = (text = ''): void => console.log(text);

const revision = await execa('git', ['describe', '--always', '--dirty'], { cwd: packageRoot, reject: false });
const pythonVersion = await execa(PYTHON, ['--version'], { reject: false });
print(`# sockgrade bench — ${String(revision.stdout) || 'unknown revision'}, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)} at the start`);
print();
print(`Node ${process.version}; servers and the naive grader run \`${PYTHON}\` (${String(pythonVersion.stdout).trim()}). Medians of BENCH_RUNS=${RUNS} runs after one warm-up run each; the class is BENCH_CLASS=${CLASS} submissions, one run.`);
print('Wall: spawn to exit. CPU: user + sys of the grader and every process it started (wait4, children included).');
print('Peak memory: the largest sum of resident set sizes over the grader\'s process tree, sampled every 20 ms (a page shared by several processes counts in each); "largest process" is the kernel\'s ru_maxrss of the biggest single one.');
print('All measured by bench/process-tree-usage.py, outside the figures (its sampling costs about 2% of one core while a grader runs).');

// 1. One grade, sockgrade and the naive peer interleaved so that a change in the machine's load hits both.
const grades: TcpEchoGrade[] = [];
const peers: PeerRun[] = [];
// Untimed warm-up: the first run after a build reads dist/, node_modules and the interpreters from disk.
await gradeTcpEcho(PYTHON, OK);
await runPeer(PYTHON, OK);
for (let i = 0; i < RUNS; i++) {
  const grade = await gradeTcpEcho(PYTHON, OK);
  if (grade.run.usage.exitCode !== 0 || grade.tally.failed > 0) throw new Error(`sockgrade failed a correct server (exit ${grade.run.usage.exitCode}): ${grade.run.usage.stdout}`);
  noteLeftovers('sockgrade', grade.run.usage);
  grades.push(grade);
  const peer = await runPeer(PYTHON, OK);
  if (peer.usage.exitCode !== 0 || peer.tally.failed > 0) throw new Error(`the naive grader failed a correct server (exit ${peer.usage.exitCode}): ${peer.usage.stderr}`);
  noteLeftovers('the naive grader', peer.usage);
  peers.push(peer);
}
const sg = {
  wall: medianOf(grades, (g) => g.run.usage.wallMs),
  cpu: medianOf(grades, (g) => g.run.usage.cpuMs),
  peak: medianOf(grades, (g) => g.run.usage.peakTreeRssMiB),
  largest: medianOf(grades, (g) => g.run.usage.maxProcessRssMiB),
};
const peer = {
  wall: medianOf(peers, (p) => p.usage.wallMs),
  cpu: medianOf(peers, (p) => p.usage.cpuMs),
  peak: medianOf(peers, (p) => p.usage.peakTreeRssMiB),
  largest: medianOf(peers, (p) => p.usage.maxProcessRssMiB),
};
print(`\n## 1. One grade: sockgrade vs a naive course grader (tcp-echo on ${path.relative(packageRoot, OK)}, server \`${PYTHON} server.py {port}\`)\n`);
print(
  markdownTable(
    ['grader', 'tests run', 'wall', 'CPU (tree)', 'peak memory (tree)', 'largest process'],
    [
      ['sockgrade', String(grades[0]?.tally.ran ?? '–'), seconds(sg.wall), seconds(sg.cpu), mib(sg.peak), mib(sg.largest)],
      ['naive peer (bench/peer/naive_grader.py)', String(peers[0]?.tally.ran ?? '–'), seconds(peer.wall), seconds(peer.cpu), mib(peer.peak), mib(peer.largest)],
      ['sockgrade / peer', '', ratio(sg.wall / peer.wall), ratio(sg.cpu / peer.cpu), ratio(sg.peak / peer.peak), ratio(sg.largest / peer.largest)],
    ],
  ),
);
print('\nThe peer: unittest, blocking sockets, the server started once with subprocess, a fixed 1 s sleep, six tests (one message, binary bytes, 1 MiB, clients in turn, disconnect then another client, half-close then read to EOF).');

const brokenGrade = await gradeTcpEcho(PYTHON, BROKEN);
const brokenPeer = await runPeer(PYTHON, BROKEN);
print(`\nBoth graders catch a bug (${path.relative(packageRoot, BROKEN)}: upper-cases what it echoes; one run each):\n`);
print(
  markdownTable(
    ['grader', 'exit', 'tests failed'],
    [
      ['sockgrade', String(brokenGrade.run.usage.exitCode), `${brokenGrade.tally.failed} of ${brokenGrade.tally.ran}`],
      ['naive peer', String(brokenPeer.usage.exitCode), `${brokenPeer.tally.failed} of ${brokenPeer.tally.ran}`],
    ],
  ),
);
if (brokenGrade.tally.failed === 0 || brokenPeer.tally.failed === 0) throw new Error('a grader passed a broken server: the comparison above is not between two working graders');

// 2. First-test latency, from the same runs.
const firsts = grades.map((g) => g.run.firstTestMs);
const ends = grades.map((g) => g.run.runEndedMs);
print('\n## 2. First-test latency (the same sockgrade runs; the CLI\'s own clock, from its Node process start: SOCKGRADE_TIMING=1)\n');
print(
  markdownTable(
    ['', 'median', 'min', 'max'],
    [
      ['launch → first test started', ms(median(firsts)), ms(Math.min(...firsts)), ms(Math.max(...firsts))],
      ['launch → run ended', ms(median(ends)), ms(Math.min(...ends)), ms(Math.max(...ends))],
    ],
  ),
);
print('\nThe peer\'s first test starts after its fixed 1 s sleep.');

// Where the time to the first test goes: the CLI's own marks (medians of the same runs).
const stepMedian = (pick: (steps: TcpEchoGrade['run']['steps']) => number): number => median(grades.map((g) => pick(g.run.steps)));
const steps = {
  argumentsRead: stepMedian((s) => s.argumentsReadMs),
  vitestLoaded: stepMedian((s) => s.vitestLoadedMs),
  vitestCreated: stepMedian((s) => s.vitestCreatedMs),
  testsRequested: stepMedian((s) => s.testsRequestedMs),
};
print('\nWhere the time to the first test goes (medians; the CLI starts importing vitest once it has read its arguments, while it reads the manifest and the specs):\n');
print(
  markdownTable(
    ['step', 'reached at', 'took'],
    [
      ['Node started, the CLI loaded, its arguments read', ms(steps.argumentsRead), ms(steps.argumentsRead)],
      ['vitest loaded (`import(\'vitest/node\')`: vitest, vite, rolldown)', ms(steps.vitestLoaded), ms(steps.vitestLoaded - steps.argumentsRead)],
      ['vitest created (configuration, vite\'s server)', ms(steps.vitestCreated), ms(steps.vitestCreated - steps.vitestLoaded)],
      ['tests requested', ms(steps.testsRequested), ms(steps.testsRequested - steps.vitestCreated)],
      ['first test started (a worker thread started, the spec and the harness loaded in it)', ms(median(firsts)), ms(median(firsts) - steps.testsRequested)],
    ],
  ),
);

// 3. Harness CPU per test: everything the grader's tree used except the servers' own processes.
const gradeCpu = grades.map((g) => harnessCpu(g.run.usage, PYTHON, g.tally.ran));
const peerCpu = peers.map((p) => harnessCpu(p.usage, PYTHON, p.tally.ran));
const cpuRow = (name: string, runs: readonly HarnessCpu[]): string[] => [
  name,
  String(runs[0]?.tests ?? '–'),
  ms(medianOf(runs, (r) => r.treeCpuMs)),
  `${ms(medianOf(runs, (r) => r.serversCpuMs))} (${medianOf(runs, (r) => r.servers)})`,
  ms(medianOf(runs, (r) => r.harnessCpuMs)),
  ms(medianOf(runs, (r) => r.perTestMs)),
];

// 4. The class (run before printing section 3, whose table it completes).
const assignments = await sampleAssignments();
const klass = await measureClass(CLASS, WORKERS, PYTHON);
noteLeftovers('sockgrade batch', klass.run.usage);
const classCpu = harnessCpu(klass.run.usage, PYTHON, klass.tally.ran);

print('\n## 3. Harness CPU per test, beyond the servers\' own processes\n');
print(`Defined as (CPU of the grader\'s whole tree − CPU of its server processes, \`${PYTHON}\` ones, sampled) ÷ tests run: what grading costs apart from running the student\'s servers (their start, included in theirs, and their echoing). A server\'s last 20 ms are not sampled, so the harness figure errs high by at most that per server.\n`);
print(
  markdownTable(
    ['run', 'tests run', 'CPU (tree)', 'servers\' CPU (processes)', 'harness CPU', 'harness CPU per test'],
    [cpuRow('sockgrade, one grade (median)', gradeCpu), cpuRow('naive peer, one grade (median)', peerCpu), cpuRow(`sockgrade batch, the class below (${CLASS} × ${assignments.length})`, [classCpu])],
  ),
);

// Where a test's fixed cost goes: one server's launch and teardown through the harness, in this process.
const launches = RUNS * 2;
const raw: number[] = [];
for (let i = 0; i < launches; i++) raw.push(await rawStartMs(PYTHON));
const costs = await measureLaunchCost(`${PYTHON} server.py {port}`, launches);
const rawStart = median(raw);
const start = medianOf(costs, (c) => c.startMs);
const stop = medianOf(costs, (c) => c.stopMs);
print(`\nOne server's launch and teardown through the harness (launchServer then stop(), ${launches} in a row, medians; this process's CPU only, not the server's):\n`);
print(
  markdownTable(
    ['server', 'its own start (spawn → listening, no harness)', 'harness: launch → ready', 'harness: teardown', 'wall beyond the server\'s own start', 'harness CPU per launch + teardown'],
    [[`\`${PYTHON} server.py {port}\``, ms(rawStart), ms(start), ms(stop), ms(start + stop - rawStart), ms(medianOf(costs, (c) => c.harnessCpuMs))]],
  ),
);

print(`\n## 4. A class: \`sockgrade batch\` over ${CLASS} cop${CLASS === 1 ? 'y' : 'ies'} of examples/sample-submission × ${assignments.length} assignments (servers \`${PYTHON}\`; one run)\n`);
print(
  markdownTable(
    ['submissions', 'tests run', 'workers', 'wall', 'CPU (tree)', 'peak memory (tree)', 'largest process', 'submissions per minute', 'seconds per submission', `projected for ${GOAL_CLASS_SIZE}`],
    [[String(klass.submissions), String(klass.tally.ran), String(klass.workers), seconds(klass.run.usage.wallMs), seconds(klass.run.usage.cpuMs), mib(klass.run.usage.peakTreeRssMiB), mib(klass.run.usage.maxProcessRssMiB), klass.submissionsPerMinute.toFixed(1), klass.secondsPerSubmission.toFixed(2), minutes(klass.projectedGoalMs)]],
  ),
);
print(`\nAssignments: ${assignments.join(', ')}. The goal is stated for ${GOAL_CLASS_SIZE} submissions (BENCH_CLASS=${GOAL_CLASS_SIZE} grades them; the default is small so the bench takes minutes). The projection counts the start-up (launch → first test, ${ms(klass.run.firstTestMs)} here) once and scales the rest linearly.`);
print(`\`--workers ${WORKERS}\`: batch runs that many submissions' *builds* at a time; the grading itself is one in-process vitest run for the whole class (${SPEC_FILES_AT_ONCE} spec files at once, each one's tests up to 16 at once), whatever the workers. The sample has no build, so here the option changes nothing.`);

// 5. The goals.
print('\n## 5. Goals\n');
print(
  goalsTable([
    atMost('one grade: wall', sg.wall, 800, seconds),
    atMost('one grade: wall vs the naive grader', sg.wall / peer.wall, 0.5, ratio),
    atMost('one grade: first test started after launch', median(firsts), 300, ms),
    atMost('one grade: CPU', sg.cpu, 600, seconds),
    atMost('one grade: peak memory', sg.peak, 150, mib),
    atMost('harness CPU per test (one grade)', medianOf(gradeCpu, (r) => r.perTestMs), 30, ms),
    atMost('harness CPU per test (class)', classCpu.perTestMs, 30, ms),
    atMost(`class: seconds per submission (${CLASS})`, klass.secondsPerSubmission * 1000, 2400, seconds),
    atMost(`class: ${GOAL_CLASS_SIZE} submissions (projected from ${CLASS})`, klass.projectedGoalMs, 240_000, minutes),
  ]),
);
print('\n`npm test` ≤ 120 s, the issue\'s last goal, is not measured here: time `npm test` itself.');
print(`\nLoad at the end: ${loadavg()[0]?.toFixed(2)} (figures taken at a load above ${cpus().length} are noisy).`);
for (const warning of warnings) print(`\nWarning: ${warning}.`);
