import { listProcDir } from './proc-files.ts';
import { readProcessStat } from './process-stat.ts';

// Pids of zombie processes (state Z: exited, never reaped with wait()) whose parent is one of the given
// processes; a fork server that never reaps its children grows this list. Linux only (empty elsewhere).
// findProcessesByToken skips zombies on purpose, so this reads every /proc/<pid>/stat itself.
export async function zombieChildren(parents: readonly number[]): Promise<number[]> {
  if (process.platform !== 'linux' || parents.length === 0) return [];
  const wanted = new Set(parents);
  const entries = listProcDir('/proc');
  const stats = await Promise.all(entries.filter((entry) => /^\d+$/.test(entry)).map((entry) => readProcessStat(Number(entry))));
  return stats
    .filter((stat) => stat?.state === 'Z' && wanted.has(stat.ppid))
    .map((stat) => stat?.pid as number)
    .sort((a, b) => a - b);
}
