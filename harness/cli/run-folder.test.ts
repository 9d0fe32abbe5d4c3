import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { expect, test } from 'vitest';
import { withRunFolder } from './run-folder.ts';
import { beginEarlyEnd } from '../run/interrupt.ts';
import { runSettings } from '../run/run-settings.ts';
import { pollUntil } from '../probes/wait-until.ts';

// What a spec worker does while the process ends: it keeps making test folders in the run folder, as
// fast as it can, until the folder's path is gone.
const MAKES_FOLDERS = `const fs = require('fs'); const dir = process.argv[1]; for (;;) { try { fs.mkdtempSync(dir + '/sockgrade-'); } catch (e) { if (e.code === 'ENOENT') process.exit(0); } }`;

test('an early end removes the run folder even while something keeps making folders in it', async () => {
  let runDir = '';
  let maker: ReturnType<typeof spawn> | undefined;
  const makerStarted = new Promise<void>((resolve) => {
    // The work never ends on its own: the early end below is what stops the run.
    void withRunFolder(async () => {
      runDir = runSettings().runDir as string;
      maker = spawn(process.execPath, ['-e', MAKES_FOLDERS, runDir], { stdio: 'ignore' });
      resolve();
      return new Promise<never>(() => undefined);
    });
  });
  await makerStarted;
  const child = maker as ReturnType<typeof spawn>;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    expect(await pollUntil(async () => readdirSync(runDir).length > 100, 10_000)).toBe(true);
    const cleanups = beginEarlyEnd('SIGTERM');
    for (const cleanup of cleanups) cleanup.sweep?.();
    expect(existsSync(runDir)).toBe(false);
    expect(existsSync(`${runDir}.removing`)).toBe(false);
    expect(cleanups.map((cleanup) => cleanup.summary?.()).join('\n')).toMatch(/stopped 0 server processes and removed \S+sockgrade-run-/);
    // The maker found the path gone and stopped.
    expect(await exited).toBe(0);
  } finally {
    child.kill('SIGKILL');
  }
});
