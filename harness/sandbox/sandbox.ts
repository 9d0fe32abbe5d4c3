import type { ResolvedCommand } from '../launch/command.ts';
import type { Clock } from '../time/clock.ts';
import type { ServerLimits } from './server-limits.ts';
import type { Enforcement } from './sandbox-command.ts';
import { sandboxedCommand, sandboxScript } from './sandbox-command.ts';
import type { CgroupCounters } from './server-cgroup.ts';
import { canUseCgroups, CGROUP_PREFIX, ServerCgroup } from './server-cgroup.ts';

// The limits of one server, and how they are enforced: its command wrapped to apply them, the kernel's
// counters while and after it runs, and the removal of its cgroups once it stopped.
export interface Sandbox {
  readonly limits: ServerLimits;
  readonly enforcement: Enforcement;
  // The command that applies the limits, then runs the server's.
  wrap(command: ResolvedCommand): ResolvedCommand;
  // The cgroup's counters (undefined without cgroups).
  counters(): Promise<CgroupCounters | undefined>;
  // Pids of every process still in the server's cgroup (empty without cgroups).
  pids(): Promise<number[]>;
  // Resolves once the cgroup counts an OOM kill or a refused fork (polled: the kernel has no event
  // for pids.events); never without cgroups, nor after the signal aborts.
  limitReached(signal: AbortSignal, clock: Clock): Promise<void>;
  // Kills whatever is left in the cgroup, reads its final counters, removes it; idempotent.
  release(): Promise<CgroupCounters | undefined>;
}

// How often a starting server's cgroup counters are read.
const LIMIT_POLL_MS = 50;

// The sandbox for a server named by its token: its cgroups when this process can make them (tried once;
// and the run allows them), else rlimits alone, the same for every server of the process so verdicts do
// not depend on which one came first. Off Linux, a POSIX sh applies the rlimits (none on Windows).
export async function createSandbox(limits: ServerLimits, token: string, { cgroups = true }: { cgroups?: boolean } = {}): Promise<Sandbox> {
  const cgroup = cgroups && (await canUseCgroups()) ? await ServerCgroup.create(`${CGROUP_PREFIX}${token}`, limits) : undefined;
  const enforcement: Enforcement = cgroup ? 'cgroups' : 'rlimits';
  let released: Promise<CgroupCounters | undefined> | undefined;
  return {
    limits,
    enforcement,
    wrap: (command) => (process.platform === 'win32' ? command : sandboxedCommand(command, sandboxScript(limits, enforcement, cgroup?.procsFiles ?? []))),
    counters: async () => cgroup?.counters(),
    pids: async () => (cgroup ? cgroup.pids() : []),
    limitReached: async (signal, clock) => {
      while (cgroup && !signal.aborted) {
        const { oomKills, pidsLimitHits } = await cgroup.counters();
        if (oomKills > 0 || pidsLimitHits > 0) return;
        await clock.sleep(LIMIT_POLL_MS, signal).catch(() => undefined);
      }
      return new Promise<void>(() => undefined);
    },
    release: () => {
      released ??= cgroup
        ? (async () => {
            await cgroup.killAll();
            const final = await cgroup.counters();
            // A cgroup that will not empty (a process stuck in the kernel) is left to the run's final sweep.
            await cgroup.remove().catch(() => undefined);
            return final;
          })()
        : Promise.resolve(undefined);
      return released;
    },
  };
}
