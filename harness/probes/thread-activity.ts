import { listProcDir, readProcText } from './proc-files.ts';

// One thread of a server at one instant: asleep (blocked in the kernel, off the run queue, in a sleep a
// signal could end: waiting for an event, not for the disk) or not, and
// how often it has been switched out so far (a thread that ran and blocked again has a higher count).
export interface ThreadState {
  readonly asleep: boolean;
  readonly switches: number;
}

// The threads of a set of processes, by "pid/tid".
export type ThreadSnapshot = ReadonlyMap<string, ThreadState>;

// /proc/<pid>/task/<tid>/wchan names the kernel function a thread sleeps in, and "0" when it runs, is
// runnable or is being woken: get_wchan() (kernel/sched/core.c, Linux >= 5.16) reports only a task off
// the run queue, so a thread preempted on its way to sleep, or woken by data that just arrived, never
// reads as asleep. The file says "0" too when we may not inspect the process (another user): callers
// that need to tell check canSeeThreadSleep() first.
function wchanAsleep(path: string): boolean {
  const text = readProcText(`${path}/wchan`, '0');
  return text.trim() !== '0' && text.trim() !== '';
}

// From /proc/<pid>/status (proc(5)): voluntary + nonvoluntary context switches, each time the thread left
// a CPU; and whether it is in an uninterruptible sleep (D: a page fault reading from disk, a lock in the
// kernel). Such a thread has wchan set, yet waits on the machine, not on us: it counts as awake.
function switchesAndState(path: string): { switches: number; inDiskSleep: boolean } | undefined {
  const text = readProcText(`${path}/status`);
  const voluntary = /^voluntary_ctxt_switches:\s*(\d+)/m.exec(text);
  const involuntary = /^nonvoluntary_ctxt_switches:\s*(\d+)/m.exec(text);
  if (!voluntary || !involuntary) return undefined;
  return { switches: Number(voluntary[1]) + Number(involuntary[1]), inDiskSleep: /^State:\s*D/m.test(text) };
}

// Every thread of the processes: asleep or not, read from wchan first, then its switch count (Linux only).
// A thread that vanished between the two reads is left out, so the next snapshot differs.
// Read at once, with no turn of the event loop in between: the snapshot is as close to one instant as
// the files allow.
export async function threadSnapshot(pids: readonly number[]): Promise<ThreadSnapshot> {
  const rows = pids.flatMap((pid) =>
    listProcDir(`/proc/${pid}/task`).map((tid) => {
      const path = `/proc/${pid}/task/${tid}`;
      const asleep = wchanAsleep(path);
      const status = switchesAndState(path);
      return status === undefined ? undefined : ([`${pid}/${tid}`, { asleep: asleep && !status.inDiskSleep, switches: status.switches }] as const);
    }),
  );
  return new Map(rows.filter((row) => row !== undefined));
}

// True when the same threads were asleep in both snapshots and none was switched in between. Each thread
// is read wchan first, then its switch count, so for snapshots taken one after the other no thread ran
// from its count in `before` to its wchan in `after`: a thread woken in between is either still awake
// (wchan "0") or has slept again (one more switch). No threads at all (the server is gone) counts as asleep.
export function asleepThroughout(before: ThreadSnapshot, after: ThreadSnapshot): boolean {
  if (before.size !== after.size) return false;
  for (const [id, then] of before) {
    const now = after.get(id);
    if (!now || !then.asleep || !now.asleep || now.switches !== then.switches) return false;
  }
  return true;
}

// How many threads of a snapshot are not asleep (for notes: "2 of 5 threads were running").
export function awakeCount(snapshot: ThreadSnapshot): number {
  return [...snapshot.values()].filter((t) => !t.asleep).length;
}

// True where a thread's sleep can be observed: Linux, and wchan names a function for a sleeping thread
// of this process that we may inspect (libuv's idle worker threads sleep on a futex).
export async function canSeeThreadSleep(): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  const snapshot = await threadSnapshot([process.pid]);
  return [...snapshot.values()].some((t) => t.asleep);
}
