import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSettings, useRunSettings } from '../run/run-settings.ts';
import { killByToken, killByTokenPrefixSync } from '../launch/process-tree.ts';
import { earlyEndCause, onEarlyEnd, untilExit } from '../run/interrupt.ts';
import { removeStaleCgroups, sweepCgroups, sweepCgroupsSync } from '../sandbox/server-cgroup.ts';

function plural(n: number, word: string, many: string): string {
  return `${n} ${n === 1 ? word : many}`;
}

// Runs the grading inside one temp folder for the whole run. If the process ends early (Ctrl-C, SIGTERM,
// a crash: harness/cli/process-guard.ts), every server of the run is killed, its cgroups and the folder
// removed (so no server can start any more: the sandbox cannot join a removed cgroup), then the sweep
// repeats until no server is left; nothing after the run (reports, gradebook) happens.
export async function withRunFolder<T>(work: () => Promise<T>): Promise<T> {
  // Ending already: make nothing the exit would leave behind.
  if (earlyEndCause()) return untilExit();
  // Made synchronously and registered at once: no signal can land between the two.
  const dir = mkdtempSync(path.join(tmpdir(), 'sockgrade-run-'));
  const outer = runSettings();
  const prefix = `${outer.runId}.`;
  let killed = 0;
  // Spec workers (threads) still run while the process ends and make test folders in the run folder: one
  // made between a recursive removal's last listing and its rmdir fails the removal (ENOTEMPTY, each
  // retry too). Moved aside first, the folder's path no longer exists, so they cannot; a removal that
  // still fails is tried again by each sweep.
  const doomed = `${dir}.removing`;
  const removeDoomed = (): boolean => {
    try {
      rmSync(doomed, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // Tried again by the next sweep.
    }
    return !existsSync(doomed);
  };
  const removeCleanup = onEarlyEnd({
    now: () => {
      killed += killByTokenPrefixSync(prefix);
      sweepCgroupsSync(prefix);
      renameSync(dir, doomed);
      removeDoomed();
    },
    // A server whose spawn was under way is found once it has exec'd (its token is in its environment);
    // none can start any more, since its folder is gone.
    sweep: () => {
      const found = killByTokenPrefixSync(prefix);
      killed += found;
      return found + (removeDoomed() ? 0 : 1);
    },
    summary: () => {
      sweepCgroupsSync(prefix);
      const gone = !existsSync(dir) && !existsSync(doomed);
      return `stopped ${plural(killed, 'server process', 'server processes')} and ${gone ? 'removed' : 'could not remove'} ${dir}`;
    },
  });
  useRunSettings({ ...outer, runDir: dir });
  let outcome: { value: T } | { error: unknown };
  try {
    await removeStaleCgroups();
    outcome = { value: await work() };
  } catch (error) {
    outcome = { error };
  }
  // Ending early: the process guard's cleanup is under way and ends the process.
  if (earlyEndCause()) return untilExit();
  await killByToken(prefix, { prefix: true });
  await sweepCgroups(prefix);
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  // Only now: a signal during the teardown above still finds the servers and the folder.
  removeCleanup();
  useRunSettings(outer);
  if (earlyEndCause()) return untilExit();
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
