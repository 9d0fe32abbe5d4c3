import { systemClock } from '../time/clock.ts';
import type { Clock } from '../time/clock.ts';

// Polls a kernel-side condition (no event exists for it) every intervalMs until it holds or the deadline passes.
export async function pollUntil(condition: () => Promise<boolean>, deadlineMs: number, { intervalMs = 20, clock = systemClock }: { intervalMs?: number; clock?: Clock } = {}): Promise<boolean> {
  const end = clock.now() + deadlineMs;
  for (;;) {
    if (await condition()) return true;
    if (clock.now() >= end) return false;
    await clock.sleep(Math.min(intervalMs, Math.max(1, end - clock.now())));
  }
}
