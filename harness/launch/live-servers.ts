import type { ExitStatus } from './exit-status.ts';

// Process groups of servers still running in this process; on exit they are killed synchronously, the
// last resort when a worker dies with servers still up (normal teardown has stopped them long before).
const live = new Set<number>();
let hooked = false;

function killAll(): void {
  for (const pgid of live) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

// Tracks a server's process group until it exits.
export function trackLiveServer(pgid: number, exited: Promise<ExitStatus>): void {
  if (!hooked) {
    process.once('exit', killAll);
    hooked = true;
  }
  live.add(pgid);
  void exited.then(() => live.delete(pgid));
}
