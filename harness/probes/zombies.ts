import { readdir, readFile } from 'node:fs/promises';

// Pids of zombie processes (state Z: exited, never reaped with wait()) whose parent is one of the given
// processes; a fork server that never reaps its children grows this list. Linux only (empty elsewhere).
// findProcessesByToken skips zombies on purpose, so this reads every /proc/<pid>/stat itself.
export async function zombieChildren(parents: readonly number[]): Promise<number[]> {
  if (process.platform !== 'linux' || parents.length === 0) return [];
  const wanted = new Set(parents);
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const found: number[] = [];
  await Promise.all(
    entries.map(async (entry) => {
      if (!/^\d+$/.test(entry)) return;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      // "pid (comm) state ppid …"; comm may hold spaces and parentheses, so split after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (rest[0] === 'Z' && wanted.has(Number(rest[1]))) found.push(Number(entry));
    }),
  );
  return found.sort((a, b) => a - b);
}
