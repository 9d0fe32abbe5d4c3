import { bytesWrittenBy, quietestBusyShare, scaled } from 'sockgrade';

// Above this share of a CPU in the quieter of two windows, an idle server is spinning: a spinner is busy
// in every window, a correct server (even one woken late on a loaded machine) in one at most. Passed to
// quietestBusyShare as `quietAt`, so a correct server's quiet first window ends the measure.
const SPINNING_SHARE = 0.5;

// Each window of an idle-CPU measure. Busy time is the kernel's nanosecond accounting plus a state sample
// every 10 ms, so 150 ms already tells a spinner (busy ~150 ms) from a blocked server (~0 ms); a longer
// window only made the test, the longest of its assignment, a student's wait for the whole grade.
const IDLE_WINDOW_MS = 150;

// What an idle-CPU measure found: the quieter window (share, busyMs, windowMs), every window measured and
// their total time, whether that is spinning, and the windows as the transcript tells them.
export interface IdleCpu {
  readonly share: number;
  readonly busyMs: number;
  readonly windowMs: number;
  readonly measuredMs: number;
  readonly spinning: boolean;
  readonly windowsNote: string;
}

// The idle-CPU measure of every spec whose server must not spin once its clients are gone.
export async function measureIdleCpu(processes: () => Promise<number[]>): Promise<IdleCpu> {
  const { share, busyMs, windowMs, all } = await quietestBusyShare(processes, scaled(IDLE_WINDOW_MS), { quietAt: SPINNING_SHARE });
  return {
    share,
    busyMs,
    windowMs,
    measuredMs: all.reduce((sum, w) => sum + w.windowMs, 0),
    spinning: share > SPINNING_SHARE,
    windowsNote: all.map((w) => `${w.busyMs.toFixed(1)}ms of ${w.windowMs.toFixed(0)}ms`).join(', then '),
  };
}

// Starts counting what the server writes while it should be idle; the returned function says how much so
// far. The output relayed to us is counted, and where the kernel counts every byte written (Linux), that
// too, the larger taken: the relay can lag a whole measure behind on a loaded machine (seen: 0 bytes of
// ~20 KB a window), which made a server printing in a loop look like one spinning on recv().
export async function outputMeter(server: { readonly outputBytes: number; processes(): Promise<number[]> }): Promise<() => Promise<number>> {
  const relayedBefore = server.outputBytes;
  const writtenBefore = bytesWrittenBy(await server.processes());
  return async () => {
    const relayed = server.outputBytes - relayedBefore;
    const written = bytesWrittenBy(await server.processes());
    return written === undefined || writtenBefore === undefined ? relayed : Math.max(relayed, written - writtenBefore);
  };
}
