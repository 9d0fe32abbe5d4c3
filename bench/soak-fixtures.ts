// `npm run soak:fixtures -- [--rounds 3] [--hogs 2] [--parallel 1] [FIXTURE...]`: grades every fixture of
// every built-in assignment through the real CLI, ROUNDS times, while HOGS busy processes load the CPUs, and
// compares each test's verdict with expected.json (as `sockgrade check` does). False fails: a test expected
// to pass that failed. Missed bugs: a test expected to fail that passed. Both must be zero on every round;
// so must other departures (a wrong code) and leftovers (server processes, temp files).
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { runCli } from '../fixtures/run-cli.ts';
import { showActual, showVerdict, verdictHolds } from '../harness/course/fixture-case.ts';
import type { CheckItem } from '../harness/course/check-plan.ts';
import type { TestResult } from '../harness/grade/results.ts';
import { CpuHogs } from './cpu-hogs.ts';
import { fixturePlan, isCorrect } from './fixture-plan.ts';

const { values, positionals } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, hogs: { type: 'string', default: '2' }, parallel: { type: 'string', default: '1' } }, allowPositionals: true });
const rounds = Number(values.rounds);
const parallel = Number(values.parallel);
const fixtures = await fixturePlan(positionals);

const tally = { correctRuns: 0, buggyRuns: 0, falseFails: [] as string[], missedBugs: [] as string[], otherDepartures: [] as string[], leftovers: [] as string[] };
const loads: number[] = [];

async function grade(item: CheckItem, round: number): Promise<void> {
  const dir = item.fixture?.dir as string;
  // A fixture's own limits (expected.json "limits"), as `sockgrade check` applies them: its verdicts assume them.
  const limits = Object.entries(item.fixture?.limits ?? {}).flatMap(([name, value]) => ['--limit', `${name}=${value}`]);
  const run = await runCli([dir, ...limits], { timeoutMs: 300_000 });
  loads.push(loadavg()[0] as number);
  const where = `round ${round} ${item.label}`;
  if (run.stderr) tally.otherDepartures.push(`${where}: stderr ${run.stderr.split('\n')[0]}`);
  if (run.leftoverProcesses.length > 0 || run.leftoverFiles.length > 0) tally.leftovers.push(`${where}: processes ${run.leftoverProcesses.join(',')} files ${run.leftoverFiles.join(',')}`);
  for (const assignment of (run.json?.assignments ?? []) as { name: string; tests: TestResult[] }[]) {
    for (const test of assignment.tests) {
      const expected = item.fixture?.verdicts.get(assignment.name)?.get(test.name);
      if (isCorrect(item)) tally.correctRuns++;
      else tally.buggyRuns++;
      if (expected && verdictHolds(expected, test)) continue;
      const line = `${where} › ${test.name}: ${showActual(test)}, expected ${expected ? showVerdict(expected) : 'no verdict'} :: ${test.message.split('\n').slice(0, 2).join(' ').slice(0, 240)}`;
      // Printed at once too, so a run cut short still says which test departed.
      process.stderr.write(`departure: ${line}\n`);
      if (expected?.status === 'passed' && test.status === 'failed') tally.falseFails.push(line);
      else if (expected?.status === 'failed' && test.status === 'passed') tally.missedBugs.push(line);
      else tally.otherDepartures.push(line);
    }
  }
}

await using hogs = CpuHogs.start(Number(values.hogs));
const started = performance.now();
console.log(`# soak: ${fixtures.length} fixtures x ${rounds} rounds through the CLI, ${parallel} at a time, ${hogs.count} CPU hogs, ${cpus().length} cores`);
for (let round = 1; round <= rounds; round++) {
  const queue = [...fixtures];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) await grade(item, round);
    }),
  );
  process.stderr.write(`round ${round}/${rounds}: ${tally.correctRuns + tally.buggyRuns} test runs, ${tally.falseFails.length} false fails, ${tally.missedBugs.length} missed bugs, ${tally.otherDepartures.length} other departures, load ${loadavg()[0]?.toFixed(1)}\n`);
}
const sorted = loads.sort((a, b) => a - b);
console.log(`${tally.correctRuns + tally.buggyRuns} test runs (${tally.correctRuns} on correct fixtures, ${tally.buggyRuns} on buggy ones) in ${((performance.now() - started) / 60_000).toFixed(1)} min; 1-min load average min ${sorted[0]?.toFixed(1)}, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)}, max ${sorted.at(-1)?.toFixed(1)}`);
console.log(`false fails: ${tally.falseFails.length}, missed bugs: ${tally.missedBugs.length}, other departures from expected.json: ${tally.otherDepartures.length}, runs leaving something behind: ${tally.leftovers.length}`);
for (const line of [...tally.falseFails, ...tally.missedBugs, ...tally.otherDepartures, ...tally.leftovers]) console.log(`  ${line}`);
process.exitCode = tally.falseFails.length + tally.missedBugs.length + tally.otherDepartures.length + tally.leftovers.length > 0 ? 1 : 0;
