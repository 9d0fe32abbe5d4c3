import { readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { mkdir, rmdir, stat, writeFile } from 'node:fs/promises';
import { readProcText } from '../probes/proc-files.ts';
import path from 'node:path';
import type { Controller } from './cgroup-hierarchy.ts';
import { CONTROLLERS, readOwnCgroupDirs } from './cgroup-hierarchy.ts';
import type { ServerLimits } from './server-limits.ts';
import { DEFAULT_LIMITS } from './server-limits.ts';
import { pollUntil } from '../probes/wait-until.ts';
import { runSettings } from '../run/run-settings.ts';
import { threadId } from 'node:worker_threads';

// Every server's cgroup is named `sockgrade.<its token>`, so a run finds its own by the token prefix.
export const CGROUP_PREFIX = 'sockgrade.';

// What the kernel counted for a server's cgroup: the facts a limit verdict is made of.
export interface CgroupCounters {
  // Processes the OOM killer killed because the cgroup reached its memory limit (memory.oom_control).
  readonly oomKills: number;
  // Forks and new threads refused at pids.max (pids.events "max").
  readonly pidsLimitHits: number;
  // CPU time of every process that ran in the cgroup, in nanoseconds (cpuacct.usage).
  readonly cpuNs: number;
}

let parents: Map<Controller, string> | null | undefined;

// The folders servers' cgroups are made in (this process's own cgroups), or undefined without v1 cgroups.
export function cgroupParents(): Map<Controller, string> | undefined {
  if (parents === undefined) parents = readOwnCgroupDirs() ?? null;
  return parents ?? undefined;
}

// A named counter from a "key value" file (memory.oom_control, pids.events); 0 when absent.
export function readCounter(text: string, key: string): number {
  const match = new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}


// One server's cgroups (one folder per controller), made before it starts and removed after it stopped.
export class ServerCgroup {
  private constructor(readonly dirs: ReadonlyMap<Controller, string>) {}

  // Makes the cgroups and sets their limits; rejects (and leaves nothing) when they cannot be made.
  static async create(name: string, limits: ServerLimits, parentDirs = cgroupParents()): Promise<ServerCgroup> {
    if (!parentDirs) throw new Error('no writable cgroup v1 hierarchy for memory, pids and cpuacct');
    const dirs = new Map(CONTROLLERS.map((controller) => [controller, path.join(parentDirs.get(controller) as string, name)] as const));
    const cgroup = new ServerCgroup(dirs);
    try {
      for (const dir of dirs.values()) await mkdir(dir);
      const memory = dirs.get('memory') as string;
      const bytes = String(limits.memoryMiB * 1024 * 1024);
      await writeFile(path.join(memory, 'memory.limit_in_bytes'), bytes);
      // With swap, memory+swap gets the same limit and anonymous memory is not swapped: an OOM kill, not thrashing.
      await writeFile(path.join(memory, 'memory.memsw.limit_in_bytes'), bytes).catch(() => undefined);
      await writeFile(path.join(memory, 'memory.swappiness'), '0').catch(() => undefined);
      await writeFile(path.join(dirs.get('pids') as string, 'pids.max'), String(limits.processes));
    } catch (err) {
      await cgroup.remove(200).catch(() => undefined);
      throw err;
    }
    return cgroup;
  }

  // The files a process writes its pid to, to join every cgroup of the server.
  get procsFiles(): string[] {
    return [...this.dirs.values()].map((dir) => path.join(dir, 'cgroup.procs'));
  }

  // Live processes in the server's cgroup: whatever it started, whatever environment they exec'd with.
  async pids(): Promise<number[]> {
    const text = readProcText(path.join(this.dirs.get('pids') as string, 'cgroup.procs'));
    return text.split('\n').filter(Boolean).map(Number);
  }

  async counters(): Promise<CgroupCounters> {
    const oom = readProcText(path.join(this.dirs.get('memory') as string, 'memory.oom_control'));
    const events = readProcText(path.join(this.dirs.get('pids') as string, 'pids.events'));
    const usage = readProcText(path.join(this.dirs.get('cpuacct') as string, 'cpuacct.usage'), '0');
    return { oomKills: readCounter(oom, 'oom_kill'), pidsLimitHits: readCounter(events, 'max'), cpuNs: Number(usage.trim()) || 0 };
  }

  // SIGKILLs every process in the cgroup, round after round (a process may fork while it dies), until it is empty.
  async killAll(deadlineMs = 2000): Promise<boolean> {
    return pollUntil(async () => {
      const pids = await this.pids();
      for (const pid of pids) killQuietly(pid);
      return pids.length === 0;
    }, deadlineMs, { intervalMs: 5 });
  }

  // Removes the cgroups; a cgroup is busy until its last process has fully exited, so this retries.
  async remove(deadlineMs = 2000): Promise<void> {
    for (const dir of this.dirs.values()) {
      let lastError: unknown;
      const removed = await pollUntil(
        async () => {
          try {
            await rmdir(dir);
            return true;
          } catch (err) {
            lastError = err;
            return (err as NodeJS.ErrnoException).code === 'ENOENT';
          }
        },
        deadlineMs,
        { intervalMs: 5 },
      );
      if (!removed) throw new Error(`cannot remove cgroup ${dir}: ${(lastError as Error).message}`);
    }
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

// This process's server cgroups whose names start with the prefix, per controller.
function cgroupsWithPrefix(prefix: string, list: (dir: string) => string[]): string[] {
  const found: string[] = [];
  for (const parent of cgroupParents()?.values() ?? []) {
    for (const entry of list(parent)) if (entry.startsWith(`${CGROUP_PREFIX}${prefix}`)) found.push(path.join(parent, entry));
  }
  return found;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

// Kills every process of the run's remaining cgroups and removes them (the run's end, after every server stopped).
export async function sweepCgroups(prefix: string): Promise<void> {
  for (const dir of cgroupsWithPrefix(prefix, listDir)) {
    await pollUntil(async () => {
      const pids = readProcText(path.join(dir, 'cgroup.procs')).split('\n').filter(Boolean).map(Number);
      for (const pid of pids) killQuietly(pid);
      try {
        await rmdir(dir);
        return true;
      } catch (err) {
        return (err as NodeJS.ErrnoException).code === 'ENOENT';
      }
    }, 2000, { intervalMs: 5 });
  }
}

// The same, synchronously, for signal handlers that must finish before the process exits.
export function sweepCgroupsSync(prefix: string, deadlineMs = 1000): void {
  const dirs = cgroupsWithPrefix(prefix, listDir);
  const end = performance.now() + deadlineMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (const dir of dirs) {
    for (;;) {
      try {
        for (const pid of readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) killQuietly(Number(pid));
        rmdirSync(dir);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || performance.now() > end) break;
        // A killed process takes a moment to leave its cgroup; nothing to wait on in a signal handler.
        Atomics.wait(pause, 0, 0, 5);
      }
    }
  }
}

// Removes empty server cgroups left by runs that were killed outright (SIGKILL) more than an hour ago:
// no server lives that long, so an empty one that old is nobody's.
export async function removeStaleCgroups(maxAgeMs = 3_600_000): Promise<void> {
  const now = Date.now();
  for (const dir of cgroupsWithPrefix('', listDir)) {
    const info = await stat(dir).catch(() => undefined);
    if (info && now - info.mtimeMs > maxAgeMs) await rmdir(dir).catch(() => undefined);
  }
}

let probed: Promise<boolean> | undefined;

// True when servers of this process can get cgroups: a v1 hierarchy for memory, pids and cpuacct in
// which we may make cgroups (root, or a delegated hierarchy). Tried once, with a cgroup made and removed.
// It is named like the run's servers' (run id, then a dot), so a run that is stopped or crashes while the
// probe is made sweeps it with them; a probe outside that prefix was left behind by a crash in a test.
export async function canUseCgroups(): Promise<boolean> {
  probed ??= ServerCgroup.create(`${CGROUP_PREFIX}${runSettings().runId}.probe-${process.pid}-${threadId}`, DEFAULT_LIMITS).then(
    async (cgroup) => {
      await cgroup.remove();
      return true;
    },
    () => false,
  );
  return probed;
}

// The run's server cgroups still present (after every server stopped there should be none).
export function runCgroups(prefix: string): string[] {
  return cgroupsWithPrefix(prefix, listDir);
}
