// `npm test` after the build: vitest (the harness's unit tests and the CLI's own tests) and `sockgrade check`
// (every built-in spec against its reference and fixtures) at once. Each alone leaves a core mostly idle
// (vitest's CLI tests wait on servers and deadlines; the check, on its servers), so together they take the
// longer one's time instead of the sum (measured: 494 s in a row, 314 s at once, on 2 cores).
// vitest's output streams as it comes; the check's table follows it. Exit 0 when both passed, else the
// first failure's status.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const vitestBin = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const sockgradeBin = path.join(root, 'bin', 'sockgrade.js');

function run(args, { stream }) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', stream ? 'inherit' : 'pipe', stream ? 'inherit' : 'pipe'] });
  const chunks = [];
  child.stdout?.on('data', (chunk) => chunks.push(chunk));
  child.stderr?.on('data', (chunk) => chunks.push(chunk));
  const done = new Promise((resolve) => {
    child.on('error', (err) => resolve({ status: 2, output: `cannot start ${args[0]}: ${err.message}\n` }));
    child.on('close', (code, signal) => resolve({ status: code ?? (signal === 'SIGINT' ? 130 : 1), output: Buffer.concat(chunks).toString() }));
  });
  return { child, done };
}

const children = [];
// Ctrl-C reaches both through the terminal; a SIGTERM (CI cancelling the job) is passed on, so nothing is left.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
  });
}

const vitest = run([vitestBin, 'run', ...process.argv.slice(2)], { stream: true });
const check = run([sockgradeBin, 'check'], { stream: false });
children.push(vitest.child, check.child);
const [tests, checked] = await Promise.all([vitest.done, check.done]);
process.stdout.write(`\n$ sockgrade check\n${checked.output}`);
const failed = [tests, checked].find((result) => result.status !== 0);
process.exitCode = failed ? failed.status : 0;
