// `npm run bench`: how fast sockgrade grades, measured on this machine (never asserted in tests).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cpus, loadavg, tmpdir } from 'node:os';
import { packageRoot } from '../harness/paths.ts';
import { timeCli } from './cli-timing.ts';
import { measureLaunchCost, median } from './launch-cost.ts';
import { rawStartMs } from './raw-start.ts';
import { benchConcurrentClients } from './concurrent-echo-bench.ts';
import { crowdTable, measureConcurrentClients } from './concurrent-clients.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const fixtures = path.join(packageRoot, 'fixtures/tcp-echo');
const ok = path.join(fixtures, 'echo-ok');
const ms = (n: number): string => `${Math.round(n)} ms`;

console.log(`# sockgrade bench — ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}, ${RUNS} runs each, medians\n`);

console.log('## Grading a correct tcp-echo server (fixtures/tcp-echo/echo-ok, 9 tests)\n');
console.log('| server command | CLI wall time | fixed start-up before the first test |');
console.log('| --- | --- | --- |');
for (const command of ['python3 server.py {port}', '/usr/bin/python3 server.py {port}']) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timeCli([ok, '-a', 'tcp-echo', '--run', command]));
  if (runs.some((r) => r.exitCode !== 0)) throw new Error(`a correct server did not pass with ${command}`);
  console.log(`| \`${command}\` | ${ms(median(runs.map((r) => r.wallMs)))} | ${ms(median(runs.map((r) => r.firstTestMs)))} |`);
}

console.log('\n## Per-test overhead beyond the server\'s own start (launch to ready, then teardown; one at a time)\n');
console.log('| python | server\'s own start | harness launch to ready | teardown | overhead per test |');
console.log('| --- | --- | --- | --- | --- |');
for (const python of ['python3', '/usr/bin/python3']) {
  const raw: number[] = [];
  for (let i = 0; i < RUNS * 2; i++) raw.push(await rawStartMs(python));
  const costs = await measureLaunchCost(`${python} server.py {port}`, RUNS * 2);
  const start = median(costs.map((c) => c.startMs));
  const stop = median(costs.map((c) => c.stopMs));
  console.log(`| \`${python}\` | ${ms(median(raw))} | ${ms(start)} | ${ms(stop)} | ${ms(start + stop - median(raw))} |`);
}

console.log('\n## Every tcp-echo fixture, correct and broken (one run each)\n');
console.log('| fixture | exit | CLI wall time |');
console.log('| --- | --- | --- |');
const walls: number[] = [];
for (const name of readdirSync(fixtures).sort()) {
  const run = await timeCli([path.join(fixtures, name)]);
  walls.push(run.wallMs);
  console.log(`| ${name} | ${run.exitCode} | ${ms(run.wallMs)} |`);
}
console.log(`\nAverage over ${walls.length} fixtures: ${ms(walls.reduce((a, b) => a + b, 0) / walls.length)}.`);
console.log('A server that never listens waits out the start timeout (10 s); one that keeps a connection open waits out an EOF deadline (2 s).');

console.log('\n## The same fixtures as a class: `sockgrade batch` (one run each)\n');
console.log('| workers | batch wall time | speed-up over the sum of the lone runs above |');
console.log('| --- | --- | --- |');
const gradebookDir = mkdtempSync(path.join(tmpdir(), 'sockgrade-bench-'));
try {
  const lone = walls.reduce((a, b) => a + b, 0);
  for (const workers of [1, 2]) {
    const run = await timeCli(['batch', fixtures, '--workers', String(workers), '--csv', path.join(gradebookDir, `grades-${workers}.csv`)]);
    if (run.exitCode !== 0) throw new Error(`sockgrade batch exited ${run.exitCode}`);
    console.log(`| ${workers} | ${ms(run.wallMs)} | ${(lone / run.wallMs).toFixed(2)}× |`);
  }
} finally {
  rmSync(gradebookDir, { recursive: true, force: true });
}

console.log(`\n${await benchConcurrentClients()}`);

console.log('\n## The harness as a client: StreamClient vs bare sockets, paced like the spec, against the reference\n');
const crowds = [...(await measureConcurrentClients([100, 1000])), ...(await measureConcurrentClients([100, 1000], { driver: 'raw' }))];
console.log(crowdTable(crowds));
