import { listProcDir, readProcText } from './proc-files.ts';
import { parseProcessStat } from './process-stat.ts';
import { systemClock } from '../time/clock.ts';

// Nanoseconds the processes' threads spent running or runnable (waiting for a CPU), from
// /proc/<pid>/task/<tid>/schedstat (fields: run time, run-queue wait; see sched-stats docs).
// A spinning process is always one or the other, whatever the load, so its share of wall time
// stays near 100% even on a busy machine, while a server blocked in recv()/select() stays near 0.
async function busyNanoseconds(pids: readonly number[]): Promise<number> {
  let total = 0;
  for (const dir of threadDirs(pids)) {
    const [run, wait] = readProcText(`${dir}/schedstat`).trim().split(/\s+/).map(Number);
    if (Number.isFinite(run) && Number.isFinite(wait)) total += (run as number) + (wait as number);
  }
  return total;
}

// Milliseconds of CPU the processes' threads have used (run time only, no run-queue wait).
export async function cpuMsSinceStart(pids: readonly number[]): Promise<number> {
  let total = 0;
  for (const dir of threadDirs(pids)) {
    const run = Number(readProcText(`${dir}/schedstat`).trim().split(/\s+/)[0]);
    if (Number.isFinite(run)) total += run;
  }
  return total / 1e6;
}

// Milliseconds the processes have been busy (running or runnable) since they started: a process spinning
// before it listens is busy nearly all of its life, however many others share the CPUs.
export async function busyMsSinceStart(pids: readonly number[]): Promise<number> {
  return (await busyNanoseconds(pids)) / 1e6;
}

// True where busy time can be measured (Linux with /proc/<pid>/schedstat).
export async function canMeasureCpu(): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  return readProcText(`/proc/${process.pid}/schedstat`) !== '';
}

// Threads of the processes, as /proc/<pid>/task/<tid> folders.
function threadDirs(pids: readonly number[]): string[] {
  return pids.flatMap((pid) => listProcDir(`/proc/${pid}/task`).map((tid) => `/proc/${pid}/task/${tid}`));
}

// How many of the threads are running or runnable right now (state R in /proc/…/stat).
function runnableThreads(dirs: readonly string[]): number {
  return dirs.filter((dir) => parseProcessStat(readProcText(`${dir}/stat`))?.state === 'R').length;
}

// How often the window's state samples are taken: a spinning thread is R in every one.
const SAMPLE_MS = 10;

// Share of one CPU (0..n) the processes were busy (running or runnable) over a window of windowMs.
// Two measures, the larger counts: the kernel's accounting (schedstat) and the share of samples in which
// a thread was runnable. The kernel adds a thread's run-queue wait only once it gets a CPU, so on a
// machine loaded far beyond its cores a spinner that waited through the end of a window showed less than
// half of it (a spinning fixture passed the idle test in a batch); its state is R in every sample.
export async function busyShare(listPids: () => Promise<number[]>, windowMs: number): Promise<{ share: number; busyMs: number; windowMs: number }> {
  const pids = await listPids();
  const dirs = threadDirs(pids);
  const before = await busyNanoseconds(pids);
  const start = performance.now();
  const end = start + windowMs;
  let samples = 0;
  let runnable = 0;
  for (let now = start; now < end; now = performance.now()) {
    runnable += runnableThreads(dirs);
    samples++;
    await systemClock.sleep(Math.min(SAMPLE_MS, Math.max(1, end - performance.now())));
  }
  const after = await busyNanoseconds(pids);
  const elapsed = performance.now() - start;
  const accountedMs = Math.max(0, after - before) / 1e6;
  const busyMs = Math.max(accountedMs, samples > 0 ? (runnable / samples) * elapsed : 0);
  return { share: busyMs / elapsed, busyMs, windowMs: elapsed };
}

export interface QuietestOptions {
  // How many windows at most (2 by default).
  readonly windows?: number;
  // Stop at the first window whose share is at most this: the quietest cannot be above it any more, so a
  // test that only asks "is the quietest above quietAt?" gets the same answer, sooner (a correct server's
  // first window is quiet).
  readonly quietAt?: number;
}

// The quietest of several consecutive windows: a spinning server is busy in every one, while a correct
// server woken late on a loaded machine (run-queue wait counts as busy) is busy in one at most.
// `options` may be the number of windows (the older form).
export async function quietestBusyShare(listPids: () => Promise<number[]>, windowMs: number, options: number | QuietestOptions = {}): Promise<{ share: number; busyMs: number; windowMs: number; all: { busyMs: number; windowMs: number }[] }> {
  const { windows = 2, quietAt = -1 } = typeof options === 'number' ? { windows: options } : options;
  const all: { share: number; busyMs: number; windowMs: number }[] = [];
  while (all.length < windows && !all.some((w) => w.share <= quietAt)) all.push(await busyShare(listPids, windowMs));
  const quietest = all.reduce((a, b) => (b.share < a.share ? b : a));
  return { ...quietest, all };
}
