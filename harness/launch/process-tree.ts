import { listProcDir, readProcBytes } from '../probes/proc-files.ts';
import { randomBytes } from 'node:crypto';
import { runSettings } from '../run/run-settings.ts';
import { readProcessStat } from '../probes/process-stat.ts';

// Every server gets this variable; processes that inherit it are its own, even after setsid().
export const TOKEN_VARIABLE = 'SOCKGRADE_SERVER';

// A token unique to one server, prefixed by the run id (worker threads share a pid, so no counters).
export function newServerToken(runId = runSettings().runId): string {
  return `${runId}.${randomBytes(6).toString('hex')}`;
}

// The bytes to look for in /proc/<pid>/environ: the exact token (NUL-terminated), or any token with the prefix.
function tokenNeedle(token: string, prefix: boolean): Buffer {
  return Buffer.from(`${TOKEN_VARIABLE}=${token}${prefix ? '' : '\0'}`);
}

// Pids of /proc whose environment holds the needle, excluding this process, in order. The one reader of
// /proc/<pid>/environ: a process's environment is fixed at exec, so a server cannot shed its token.
// Synchronous (proc-files.ts): every teardown scans every process of the machine, and signal handlers
// must finish the scan before the process exits.
function scanEnviron(needle: Buffer): number[] {
  if (process.platform !== 'linux') return [];
  const found: number[] = [];
  for (const entry of listProcDir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    // Gone, or not ours to read: undefined.
    if (readProcBytes(`/proc/${entry}/environ`)?.includes(needle)) found.push(Number(entry));
  }
  return found.sort((a, b) => a - b);
}

// Live pids carrying TOKEN_VARIABLE=<token> exactly (or starting with `prefix` when asked). Linux only.
// Zombies still show their environment until reaped; they hold nothing and cannot be killed again.
export async function findProcessesByToken(token: string, { prefix = false } = {}): Promise<number[]> {
  const pids = scanEnviron(tokenNeedle(token, prefix));
  const states = await Promise.all(pids.map((pid) => readProcessStat(pid)));
  return pids.filter((_, i) => states[i] !== undefined && states[i]?.state !== 'Z');
}

// Sends a signal to a process group, ignoring a group that is already gone.
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function killPids(pids: readonly number[]): number {
  let killed = 0;
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
      killed += 1;
    } catch {
      // already gone
    }
  }
  return killed;
}

// Kills every process carrying the token (or any token starting with it), repeating until none is left.
export async function killByToken(token: string, { prefix = false, deadlineMs = 2000 } = {}): Promise<number> {
  const start = performance.now();
  let killed = 0;
  for (;;) {
    const pids = await findProcessesByToken(token, { prefix });
    if (pids.length === 0) return killed;
    killed += killPids(pids);
    if (performance.now() - start > deadlineMs) return killed;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// Synchronous sweep for signal handlers: SIGKILLs every process whose token starts with `prefix`, a few
// rounds so children forked meanwhile are caught too.
export function killByTokenPrefixSync(prefix: string, rounds = 3): number {
  let killed = 0;
  for (let round = 0; round < rounds; round++) {
    const found = killPids(scanEnviron(tokenNeedle(prefix, true)));
    killed += found;
    if (found === 0) break;
  }
  return killed;
}
