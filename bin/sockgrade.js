#!/usr/bin/env node
// Entry point: runs the CLI built into dist/ by `npm run build` (run by `prepare`, so `npm ci`, git and
// tarball installs have it). Stack traces point at the TypeScript sources through the source maps.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// Until the CLI's own guard takes over (its first step), a signal or a crash must not fall to Node's
// defaults (silent on a signal, a stack trace on a crash): nothing is running yet, so one line and exit.
const verbose = process.argv.includes('--verbose') || Boolean(process.env.SOCKGRADE_VERBOSE);
const hint = '(run with --verbose or SOCKGRADE_VERBOSE=1 for details)';
function internalError(err, what = '') {
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  process.stderr.write(`sockgrade: internal error: ${what}${message}${verbose ? `\n${err instanceof Error ? err.stack : ''}` : ` ${hint}`}\n`);
  process.exit(2);
}
const onSignal = (signal) => {
  process.stderr.write(`sockgrade: interrupted by ${signal}\n`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
const early = { SIGINT: onSignal, SIGTERM: onSignal, uncaughtException: internalError, unhandledRejection: internalError };
for (const [event, listener] of Object.entries(early)) process.on(event, listener);

process.setSourceMapsEnabled(true);
// Many tests run at once, each reading kernel tables under /proc through libuv's thread pool (4 threads
// by default): a bigger pool keeps them from queueing behind each other. Read when the pool first starts.
process.env.UV_THREADPOOL_SIZE ??= '16';
const packageRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const built = path.join(packageRoot, 'dist', 'cli.js');
const stamp = path.join(packageRoot, 'dist', '.built');

// Newest modification time of the TypeScript sources under dir (only in a source checkout).
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function fail(message) {
  process.stderr.write(`sockgrade: ${message}\n`);
  process.exit(2);
}

if (!existsSync(built) || !existsSync(stamp)) fail(`${path.relative(process.cwd(), built) || built} is missing: run \`npm run build\` in ${packageRoot} (npm ci and npm install run it)`);
// In a source checkout (harness/ beside dist/), a stale build would grade with old code: say so instead.
const sources = path.join(packageRoot, 'harness');
if (existsSync(sources) && newestSource(sources) > statSync(stamp).mtimeMs) {
  fail('dist/ is older than harness/ (edited since the last build): run `npm run build`');
}

let main;
try {
  ({ main } = await import(built));
} catch (err) {
  internalError(err, `cannot load ${path.relative(process.cwd(), built) || built}: `);
}
// Handed over without a pause: main installs its guard before anything can run in between.
for (const [event, listener] of Object.entries(early)) process.off(event, listener);
const status = await main(process.argv.slice(2));
// Flush what was printed, then exit even if a stray handle would keep the loop alive.
process.stdout.write('', () => process.exit(status));
