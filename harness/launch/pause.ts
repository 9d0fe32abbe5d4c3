import { threadStates } from '../probes/process-stat.ts';
import { pollUntil } from '../probes/wait-until.ts';
import { signalGroup } from './process-tree.ts';

// Thread states that run no code: stopped (T), stopped by a tracer (t), exited (Z, X).
const NOT_RUNNING = new Set(['T', 't', 'Z', 'X']);

function signalEach(pgid: number, pids: readonly number[], signal: NodeJS.Signals): void {
  signalGroup(pgid, signal);
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone already.
    }
  }
}

// True when no thread of the processes can run: each is stopped, has exited, or is gone.
async function allStopped(pids: readonly number[]): Promise<boolean> {
  return (await threadStates(pids)).every((state) => NOT_RUNNING.has(state));
}

// Stops the processes (SIGSTOP, which no program can catch or ignore: its whole group, and each one
// that left it) and resolves once none of their threads runs (Linux; elsewhere once signalled), or at
// the deadline. `true` when they were seen stopped. The returned resume() sends SIGCONT to the same.
export async function pauseProcesses(pgid: number, pids: readonly number[], deadlineMs: number): Promise<{ stopped: boolean; resume: () => void }> {
  signalEach(pgid, pids, 'SIGSTOP');
  const stopped = process.platform !== 'linux' || (await pollUntil(() => allStopped(pids), deadlineMs, { intervalMs: 2 }));
  return { stopped, resume: () => signalEach(pgid, pids, 'SIGCONT') };
}
