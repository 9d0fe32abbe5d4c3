import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { runId } from './run-scope.ts';

// Every server gets this variable; processes that inherit it are its own, even after setsid().
export const TOKEN_VARIABLE = 'SOCKGRADE_SERVER';

// A token unique to one server, prefixed by the run id (worker threads share a pid, so no counters).
export function newServerToken(): string {
  return `${runId}.${randomBytes(6).toString('hex')}`;
}

// Pids whose environment holds TOKEN_VARIABLE=<token> exactly (or starting with `prefix` when asked). Linux only.
export async function findProcessesByToken(token: string, { prefix = false } = {}): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`${TOKEN_VARIABLE}=${token}${prefix ? '' : '\0'}`);
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const found: number[] = [];
  await Promise.all(
    entries.map(async (entry) => {
      if (!/^\d+$/.test(entry)) return;
      const pid = Number(entry);
      if (pid === process.pid) return;
      const environ = await readFile(`/proc/${entry}/environ`).catch(() => undefined);
      if (!environ || environ.indexOf(needle) < 0) return;
      // Zombies still show their environment until reaped; they hold nothing and cannot be killed again.
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      if (/\) Z /.test(stat)) return;
      found.push(pid);
    }),
  );
  return found.sort((a, b) => a - b);
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

// Kills every process carrying the token (or any token starting with it), repeating until none is left.
export async function killByToken(token: string, { prefix = false, deadlineMs = 2000 } = {}): Promise<number> {
  const start = performance.now();
  let killed = 0;
  for (;;) {
    const pids = await findProcessesByToken(token, { prefix });
    if (pids.length === 0) return killed;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed += 1;
      } catch {
        // already gone
      }
    }
    if (performance.now() - start > deadlineMs) return killed;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// Synchronous sweep for signal handlers, which must finish before the process exits: SIGKILLs every
// process whose token starts with `prefix`, a few rounds so children forked meanwhile are caught too.
export function killByTokenPrefixSync(prefix: string, rounds = 3): number {
  if (process.platform !== 'linux') return 0;
  const needle = Buffer.from(`${TOKEN_VARIABLE}=${prefix}`);
  let killed = 0;
  for (let round = 0; round < rounds; round++) {
    let found = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
      let environ: Buffer;
      try {
        environ = readFileSync(`/proc/${entry}/environ`);
      } catch {
        continue;
      }
      if (environ.indexOf(needle) < 0) continue;
      try {
        process.kill(Number(entry), 'SIGKILL');
        found += 1;
      } catch {
        // already gone
      }
    }
    killed += found;
    if (found === 0) break;
  }
  return killed;
}
