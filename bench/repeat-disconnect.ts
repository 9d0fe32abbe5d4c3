// `npm run soak:disconnect -- [--runs 30] [--hogs 2] [FIXTURE...]`: grades the half-close test of each
// disconnect fixture RUNS times in a row while HOGS busy processes load the CPUs, through the same specs and
// submission context the CLI uses (vitest's Node API, only that test), and counts verdict flips: runs whose
// verdict is not the one expected.json declares. A verdict must never depend on luck: any flip is a bug.
// Disconnect fixtures (default): every correct fixture that has the test, and every fixture that fails it
// while passing some other test (a server that never starts is not about disconnects).
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { packageRoot } from '../harness/paths.ts';
import { runBuild } from '../harness/grade/build.ts';
import { CpuHogs } from './cpu-hogs.ts';
import { allFixtures, departure } from './expected-verdicts.ts';
import type { Fixture } from './expected-verdicts.ts';

const TEST = 'after a half-close, delivers every byte and then closes';
const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '30' }, hogs: { type: 'string', default: '2' } }, allowPositionals: true });
const runs = Number(values.runs);
const hogCount = Number(values.hogs);

function isDisconnectFixture(fixture: Fixture): boolean {
  return [...fixture.verdicts.values()].some((tests) => {
    const verdict = tests.get(TEST);
    if (!verdict) return false;
    return fixture.exitCode === 0 || (verdict.status === 'failed' && [...tests.values()].some((v) => v.status === 'passed'));
  });
}

const chosen = allFixtures().filter((f) => (positionals.length > 0 ? positionals.some((p) => f.name === p || f.name.endsWith(`/${p}`)) : isDisconnectFixture(f)));
const { createVitest } = await import('vitest/node');
await using hogs = CpuHogs.start(hogCount);
console.log(`# ${TEST}: ${chosen.length} fixtures x ${runs} runs, ${hogs.count} CPU hogs, ${cpus().length} cores\n`);
console.log('| fixture | expected | passed | failed | flips | failures seen (first words) | seconds |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
let totalFlips = 0;
let totalRuns = 0;
const loads: number[] = [];
const started = performance.now();
for (const fixture of chosen) {
  const [assignment] = [...fixture.verdicts.keys()].filter((a) => fixture.verdicts.get(a)?.has(TEST));
  if (!assignment) continue;
  const expected = fixture.verdicts.get(assignment)?.get(TEST);
  if (fixture.build) await runBuild(fixture.build, fixture.dir);
  const vitest = await createVitest(
    'test',
    {
      config: false,
      root: packageRoot,
      include: [`specs/${assignment}/**/*.spec.ts`],
      testNamePattern: `^${TEST.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
      watch: false,
      reporters: [{ onInit() {} }],
      provide: { sockgrade: { targets: { [assignment]: { command: fixture.commands[assignment] as string, submissionDir: fixture.dir } } } },
      testTimeout: 30_000,
    },
    { logLevel: 'silent' },
  );
  const files = (await vitest.getRelevantTestSpecifications()).map((spec) => spec.moduleId);
  let passed = 0;
  let failed = 0;
  let flips = 0;
  const reasons = new Map<string, number>();
  const fixtureStart = performance.now();
  for (let run = 1; run <= runs; run++) {
    const result = await vitest.runTestFiles(files);
    loads.push(loadavg()[0] as number);
    const testCase = result.testModules.flatMap((m) => [...m.children.allTests()]).find((t) => t.name === TEST);
    const state = testCase?.result().state ?? 'missing';
    const error = testCase?.result().errors?.[0] as ({ message?: string; code?: string } | undefined);
    const message = error?.message ?? '';
    if (state === 'passed') passed++;
    else if (state === 'failed') failed++;
    if (state === 'failed') {
      const reason = `${error?.code ?? ''} ${message.split('\n')[0]?.replace(/\d+/g, 'N').slice(0, 70)}`.trim();
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    if (departure(expected, state, message, error?.code)) flips++;
  }
  await vitest.close();
  totalFlips += flips;
  totalRuns += runs;
  const seen = [...reasons].map(([r, n]) => `${n}x ${r}`).join('; ');
  console.log(`| ${fixture.name} | ${expected?.status}${expected?.message ? ` (${expected.message})` : ''} | ${passed} | ${failed} | ${flips} | ${seen} | ${((performance.now() - fixtureStart) / 1000).toFixed(0)} |`);
}
const sorted = loads.sort((a, b) => a - b);
console.log(`\n${totalRuns} runs, ${totalFlips} verdict flips, in ${((performance.now() - started) / 60_000).toFixed(1)} min with ${hogs.count} CPU hogs; 1-min load average min ${sorted[0]?.toFixed(1)}, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)}, max ${sorted.at(-1)?.toFixed(1)}`);
process.exitCode = totalFlips > 0 ? 1 : 0;
