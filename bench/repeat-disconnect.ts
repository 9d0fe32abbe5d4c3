// `npm run soak:disconnect -- [--runs 30] [--hogs 2] [FIXTURE...]`: grades the half-close test of each
// disconnect fixture RUNS times in a row while HOGS busy processes load the CPUs, with the specs' run
// configuration and the fixture as the graded target (as `sockgrade check` does, only that test), and counts
// verdict flips: runs whose verdict is not the one expected.json declares. Any flip is a bug.
// Disconnect fixtures (default): every correct fixture that has the test, and every fixture that fails it
// while passing some other test (a server that never starts is not about disconnects).
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { createVitest } from 'vitest/node';
import { packageRoot } from '../harness/paths.ts';
import { Catalog } from '../harness/course/catalog.ts';
import { showVerdict, verdictHolds } from '../harness/course/fixture-case.ts';
import { runBuild } from '../harness/grade/build.ts';
import { specRunConfig } from '../harness/grade/spec-run-config.ts';
import { runSettings } from '../harness/run/run-settings.ts';
import { CpuHogs } from './cpu-hogs.ts';
import { fixturePlan, isCorrect } from './fixture-plan.ts';

const TEST = 'after a half-close, delivers every byte and then closes';
const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '30' }, hogs: { type: 'string', default: '2' } }, allowPositionals: true });
const runs = Number(values.runs);

const chosen = (await fixturePlan(positionals)).filter((item) => {
  const tests = item.fixture?.verdicts.get(item.assignment);
  const verdict = tests?.get(TEST);
  if (!tests || !verdict) return false;
  return positionals.length > 0 || isCorrect(item) || (verdict.status === 'failed' && [...tests.values()].some((v) => v.status === 'passed'));
});
const catalog = Catalog.load();
await using hogs = CpuHogs.start(Number(values.hogs));
console.log(`# ${TEST}: ${chosen.length} fixtures x ${runs} runs, ${hogs.count} CPU hogs, ${cpus().length} cores\n`);
console.log('| fixture | expected | passed | failed | flips | failures seen | seconds |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
let totalFlips = 0;
let totalRuns = 0;
const loads: number[] = [];
const started = performance.now();
for (const item of chosen) {
  const expected = item.fixture?.verdicts.get(item.assignment)?.get(TEST);
  if (!expected) continue;
  if (item.build) await runBuild(item.build.command, item.build.dir);
  const config = specRunConfig({ root: packageRoot, context: { settings: runSettings(), targets: item.targets }, testTimeoutMs: 30_000 });
  const vitest = await createVitest('test', { ...config.test, reporters: [{ onInit() {} }], testNamePattern: `^${TEST.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` }, config.vite);
  const files = [...catalog.get(item.assignment).specFiles];
  let passed = 0;
  let failed = 0;
  let flips = 0;
  const seen = new Map<string, number>();
  const fixtureStart = performance.now();
  for (let run = 1; run <= runs; run++) {
    const result = await vitest.runTestFiles(files);
    loads.push(loadavg()[0] as number);
    const testCase = result.testModules.flatMap((m) => [...m.children.allTests()]).find((t) => t.name === TEST);
    const state = testCase?.result().state ?? 'missing';
    const error = testCase?.result().errors?.[0] as { message?: string; code?: string } | undefined;
    if (state === 'passed') passed++;
    if (state === 'failed') {
      failed++;
      const what = `${error?.code ?? 'failed'}: ${(error?.message ?? '').split('\n')[0]?.replace(/\d+/g, 'N').slice(0, 60)}`;
      seen.set(what, (seen.get(what) ?? 0) + 1);
    }
    if (!verdictHolds(expected, { status: state, ...(error?.code === undefined ? {} : { code: error.code }), message: error?.message ?? '' })) flips++;
  }
  await vitest.close();
  totalFlips += flips;
  totalRuns += runs;
  console.log(`| ${item.label.replace(/^fixtures\//, '')} | ${showVerdict(expected)} | ${passed} | ${failed} | ${flips} | ${[...seen].map(([w, n]) => `${n}x ${w}`).join('; ')} | ${((performance.now() - fixtureStart) / 1000).toFixed(0)} |`);
}
const sorted = loads.sort((a, b) => a - b);
console.log(`\n${totalRuns} runs, ${totalFlips} verdict flips, in ${((performance.now() - started) / 60_000).toFixed(1)} min with ${hogs.count} CPU hogs; 1-min load average min ${sorted[0]?.toFixed(1)}, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)}, max ${sorted.at(-1)?.toFixed(1)}`);
process.exitCode = totalFlips > 0 ? 1 : 0;
