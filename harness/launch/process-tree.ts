import { readdir, readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

// Every server gets this variable; processes that inherit it are its own, even after setsid().
export const TOKEN_VARIABLE = 'SOCKGRADE_SERVER';

// Groups this process's servers; set SOCKGRADE_RUN_ID to find them from outside (the self-test does).
const runId = process.env.SOCKGRADE_RUN_ID || randomBytes(6).toString('hex');
let counter = 0;

export function newServerToken(): string {
  counter += 1;
  return `${runId}.${process.pid}.${counter}`;
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

// Kills every process carrying the token, repeating until none is left or the deadline passes.
export async function killByToken(token: string, deadlineMs = 2000): Promise<number> {
  const start = performance.now();
  let killed = 0;
  for (;;) {
    const pids = await findProcessesByToken(token);
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
