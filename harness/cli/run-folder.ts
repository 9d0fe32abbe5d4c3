import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSettings, useRunSettings } from '../run/run-settings.ts';
import { killByToken, killByTokenPrefixSync } from '../launch/process-tree.ts';
import { interruptHandlers } from '../run/interrupt.ts';
import { removeStaleCgroups, sweepCgroups, sweepCgroupsSync } from '../sandbox/server-cgroup.ts';

// How long an interrupted run sweeps for servers whose spawn was under way when it was interrupted.
const SWEEP_MS = 1000;
const SWEEP_EVERY_MS = 50;

// Runs the grading inside one temp folder for the whole run, and on Ctrl-C (SIGINT) or SIGTERM stops it:
// the run stops starting tests, every server of the run is killed, its cgroups and the folder removed (so
// no server can start any more: the sandbox cannot join a removed cgroup), then the sweep repeats until no
// server is left, and the process exits 130 (143).
export async function withRunFolder<T>(work: () => Promise<T>, onInterrupt: (message: string, signal: NodeJS.Signals) => void): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-run-'));
  const outer = runSettings();
  const prefix = `${outer.runId}.`;
  useRunSettings({ ...outer, runDir: dir });
  await removeStaleCgroups();
  let stopping = false;
  const interrupted = (signal: NodeJS.Signals): void => {
    stopping = true;
    const status = signal === 'SIGINT' ? 130 : 143;
    process.exitCode = status;
    for (const stop of interruptHandlers()) stop();
    let killed = killByTokenPrefixSync(prefix);
    sweepCgroupsSync(prefix);
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    onInterrupt(`sockgrade: interrupted by ${signal}; stopping every server of the run and removing ${dir}`, signal);
    // A server whose spawn was under way is found once it has exec'd (its token is in its environment);
    // none can start any more, since its folder is gone.
    const started = performance.now();
    let quiet = 0;
    const sweep = setInterval(() => {
      const found = killByTokenPrefixSync(prefix);
      killed += found;
      quiet = found === 0 ? quiet + 1 : 0;
      if (quiet >= 3 || performance.now() - started > SWEEP_MS) {
        clearInterval(sweep);
        sweepCgroupsSync(prefix);
        process.stderr.write(`sockgrade: stopped ${killed} server process${killed === 1 ? '' : 'es'}\n`, () => process.exit(status));
      }
    }, SWEEP_EVERY_MS);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let outcome: { value: T } | { error: unknown };
  try {
    outcome = { value: await work() };
  } catch (error) {
    outcome = { error };
  }
  // Interrupted: the sweep ends the process; nothing after the run (reports, gradebook) may happen.
  if (stopping) return new Promise<never>(() => undefined);
  process.off('SIGINT', interrupted);
  process.off('SIGTERM', interrupted);
  await killByToken(prefix, { prefix: true });
  await sweepCgroups(prefix);
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  useRunSettings(outer);
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
