import { readdir, readFile } from 'node:fs/promises';

// Nanoseconds the processes' threads spent running or runnable (waiting for a CPU), from
// /proc/<pid>/task/<tid>/schedstat (fields: run time, run-queue wait; see sched-stats docs).
// A spinning process is always one or the other, whatever the load, so its share of wall time
// stays near 100% even on a busy machine, while a server blocked in recv()/select() stays near 0.
async function busyNanoseconds(pids: readonly number[]): Promise<number> {
  let total = 0;
  await Promise.all(
    pids.map(async (pid) => {
      const tids = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
      await Promise.all(
        tids.map(async (tid) => {
          const text = await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => '');
          const [run, wait] = text.trim().split(/\s+/).map(Number);
          if (Number.isFinite(run) && Number.isFinite(wait)) total += (run as number) + (wait as number);
        }),
      );
    }),
  );
  return total;
}

// Milliseconds the processes have been busy (running or runnable) since they started: a process spinning
// before it listens is busy nearly all of its life, however many others share the CPUs.
export async function busyMsSinceStart(pids: readonly number[]): Promise<number> {
  return (await busyNanoseconds(pids)) / 1e6;
}

// True where busy time can be measured (Linux with /proc/<pid>/schedstat).
export async function canMeasureCpu(): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  return readFile(`/proc/${process.pid}/schedstat`, 'utf8').then(() => true, () => false);
}

// Share of one CPU (0..n) the processes were busy (running or runnable) over a window of windowMs.
export async function busyShare(listPids: () => Promise<number[]>, windowMs: number): Promise<{ share: number; busyMs: number; windowMs: number }> {
  const pids = await listPids();
  const before = await busyNanoseconds(pids);
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const after = await busyNanoseconds(pids);
  const elapsed = performance.now() - start;
  const busyMs = Math.max(0, after - before) / 1e6;
  return { share: busyMs / elapsed, busyMs, windowMs: elapsed };
}

// The quietest of several consecutive windows: a spinning server is busy in every one, while a correct
// server woken late on a loaded machine (run-queue wait counts as busy) is busy in one at most.
export async function quietestBusyShare(listPids: () => Promise<number[]>, windowMs: number, windows = 2): Promise<{ share: number; busyMs: number; windowMs: number; all: { busyMs: number; windowMs: number }[] }> {
  const all: { share: number; busyMs: number; windowMs: number }[] = [];
  for (let i = 0; i < windows; i++) all.push(await busyShare(listPids, windowMs));
  const quietest = all.reduce((a, b) => (b.share < a.share ? b : a));
  return { ...quietest, all };
}
