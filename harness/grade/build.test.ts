import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { buildErrorLine, runBuild } from './build.ts';
import { pollUntil } from '../probes/wait-until.ts';
import { readProcessStat } from '../probes/process-stat.ts';

test('a compiler\'s error line, not the source excerpt and caret it prints after it', () => {
  const gcc = "server.c: In function 'main':\nserver.c:1:11: error: expected declaration specifiers before '{' token\n    1 | int main( { return 0; }\n      |           ^\n";
  expect(buildErrorLine(gcc)).toBe("server.c:1:11: error: expected declaration specifiers before '{' token");
});

test('without an error line, the last line that says anything', () => {
  expect(buildErrorLine('compiling\nmake: *** [all] Stopped\n\n')).toBe('make: *** [all] Stopped');
  expect(buildErrorLine('')).toBe('');
});

// Linux: leftovers are found by the token in /proc/<pid>/environ.
test.runIf(process.platform === 'linux')('what a build leaves running in the background does not outlive it', { timeout: 30_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-build-test-'));
  try {
    await runBuild('sleep 30 > /dev/null 2>&1 & echo $! > background.pid', dir);
    const pid = Number(await readFile(path.join(dir, 'background.pid'), 'utf8'));
    expect(pid).toBeGreaterThan(0);
    // Killed by the build's end; gone once its new parent (init) reaps it.
    const gone = await pollUntil(async () => {
      const stat = await readProcessStat(pid);
      return stat === undefined || stat.state === 'Z';
    }, 5000);
    expect(gone, `process ${pid} still runs`).toBe(true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a build has a TMPDIR of its own, removed after it', { timeout: 30_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-build-test-'));
  try {
    await runBuild('echo "$TMPDIR" > tmpdir.txt && touch "$TMPDIR/cc-left.s"', dir);
    const buildTmp = (await readFile(path.join(dir, 'tmpdir.txt'), 'utf8')).trim();
    expect(path.basename(buildTmp)).toMatch(/^sockgrade-build-/);
    expect(existsSync(buildTmp), `${buildTmp} is still there`).toBe(false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
