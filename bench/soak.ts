// `npm run soak -- ASSIGNMENT [RUNS] [HOGS]`: runs one assignment's specs against its reference RUNS times in
// a row in one vitest instance (as `npm test` does, tests concurrent) and counts failures, while HOGS busy
// processes (default 0) load the CPUs. A correct server must never fail, whatever the machine's load.
import { loadavg, cpus } from 'node:os';
import { packageRoot } from '../harness/paths.ts';
import { Catalog } from '../harness/course/catalog.ts';
import { referenceTargetIn } from '../harness/spec/reference-target.ts';
import { specRunConfig } from '../harness/grade/spec-run-config.ts';
import { runSettings } from '../harness/run/run-settings.ts';
import { CpuHogs } from './cpu-hogs.ts';

const [assignment = 'udp-echo', runsArg = '50', hogsArg = '0'] = process.argv.slice(2);
const runs = Number(runsArg);
const hogs = CpuHogs.start(Number(hogsArg));
const { createVitest } = await import('vitest/node');
const catalog = Catalog.load();
const spec = catalog.get(assignment);
const reference = referenceTargetIn(spec.referenceDir, assignment);
const config = specRunConfig({ root: packageRoot, context: { settings: runSettings(), targets: [reference] }, testTimeoutMs: 30_000 });
const vitest = await createVitest('test', { ...config.test, reporters: [{ onInit() {} }] }, config.vite);
const files = [...spec.specFiles];
let tests = 0;
const failures: string[] = [];
const loads: number[] = [];
const start = performance.now();
for (let run = 1; run <= runs; run++) {
  const result = await vitest.runTestFiles(files);
  loads.push(loadavg()[0] as number);
  for (const module of result.testModules) {
    for (const testCase of module.children.allTests()) {
      tests += 1;
      const state = testCase.result().state;
      if (state === 'failed') failures.push(`run ${run}: ${testCase.name}: ${testCase.result().errors?.[0]?.message?.split('\n')[0]}`);
    }
  }
  for (const error of result.unhandledErrors) failures.push(`run ${run}: unhandled: ${String((error as Error)?.message ?? error)}`);
  if (run % 10 === 0 || run === runs) process.stderr.write(`soak ${assignment}: ${run}/${runs} runs, ${failures.length} failures, load ${loadavg()[0]?.toFixed(1)}\n`);
}
await vitest.close();
const minutes = (performance.now() - start) / 60_000;
console.log(`${assignment}: ${runs} runs, ${tests} tests, ${failures.length} failed, in ${minutes.toFixed(1)} min on ${cpus().length} cores with ${hogs.count} CPU hogs; 1-min load average during the runs min ${Math.min(...loads).toFixed(1)}, median ${loads.sort((a, b) => a - b)[Math.floor(loads.length / 2)]?.toFixed(1)}, max ${Math.max(...loads).toFixed(1)}`);
for (const failure of failures) console.log(`  ${failure}`);
await hogs[Symbol.asyncDispose]();
process.exit(failures.length > 0 ? 1 : 0);
