import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSettings, useRunSettings } from '../run/run-settings.ts';
import { killByToken, killByTokenPrefixSync } from '../launch/process-tree.ts';

// Runs the grading inside one temp folder for the whole run, and on Ctrl-C (SIGINT) or SIGTERM kills
// every server of the run and removes the folder before exiting: an interrupted run leaves nothing.
// The signal path is synchronous because vitest's own handler exits the process a moment later.
export async function withRunFolder<T>(work: () => Promise<T>, onInterrupt: (message: string) => void): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-run-'));
  const outer = runSettings();
  const { runId } = outer;
  useRunSettings({ ...outer, runDir: dir });
  const interrupted = (signal: NodeJS.Signals): void => {
    const killed = killByTokenPrefixSync(`${runId}.`);
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    onInterrupt(`sockgrade: interrupted by ${signal}; stopped ${killed} server process${killed === 1 ? '' : 'es'} and removed ${dir}`);
    process.exitCode = signal === 'SIGINT' ? 130 : 143;
    // vitest, if running, exits on the same signal; otherwise exit here.
    setTimeout(() => process.exit(), 50).unref();
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await work();
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await killByToken(`${runId}.`, { prefix: true });
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    useRunSettings(outer);
  }
}
