// What this process does when it must end early (Ctrl-C, SIGTERM, or a crash): handlers stop work from
// starting (the spec run stops starting tests), then every cleanup undoes what it owns (servers, the run
// folder, a build). Registered by what owns the resource, run by the CLI's process guard.
const handlers = new Set<() => void>();
const cleanups = new Set<EarlyEndCleanup>();
let endedBy: NodeJS.Signals | 'crash' | undefined;

// What something owning processes or files must undo if the process ends early.
export interface EarlyEndCleanup {
  // Undoes it at once, synchronously: the process may be gone right after (another listener may exit).
  readonly now?: () => void;
  // Looks again for processes that were starting when `now` ran, kills them; returns how many it found.
  // Called every few ms until every cleanup finds none a few times in a row (or a deadline).
  readonly sweep?: () => number;
  // What was undone, for the one line printed before the process exits ("removed /tmp/…").
  readonly summary?: () => string | undefined;
}

// Registers a handler that stops work from starting; returns its removal.
export function onInterrupt(handler: () => void): () => void {
  handlers.add(handler);
  return () => handlers.delete(handler);
}

// Registers what must be undone if the process ends early; returns its removal (call it only once the
// resource is gone, so a signal during the normal teardown still finds it).
export function onEarlyEnd(cleanup: EarlyEndCleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

// Why the process is ending early, once it is: nothing may start after that (no run folder, no report).
export function earlyEndCause(): NodeJS.Signals | 'crash' | undefined {
  return endedBy;
}

// Marks the process as ending, stops work and runs every cleanup's `now`; returns the cleanups, for their
// sweeps and summaries. A handler or cleanup that throws does not keep the others from running.
export function beginEarlyEnd(cause: NodeJS.Signals | 'crash'): EarlyEndCleanup[] {
  endedBy ??= cause;
  for (const stop of [...handlers]) attempt(stop);
  const all = [...cleanups];
  for (const cleanup of all) if (cleanup.now) attempt(cleanup.now);
  return all;
}

function attempt(step: () => void): void {
  try {
    step();
  } catch {
    // Best effort: the process is ending, and the other cleanups must still run.
  }
}

// Never settles: what an interrupted step returns, so nothing after it (reports, a gradebook) runs while
// the process guard finishes the cleanup and exits.
export function untilExit(): Promise<never> {
  return new Promise<never>(() => undefined);
}

// Removes the SIGINT / SIGTERM / unhandledRejection listeners `install` adds (vitest's logger exits 1 ms
// after a signal, before our cleanup could finish, and prints an unhandled rejection as a full stack
// trace with exit 1); the CLI's process guard handles those instead.
export async function withoutSignalListeners<T>(install: () => Promise<T>): Promise<T> {
  // As a plain emitter: process's typed overloads take one event kind at a time.
  const emitter: NodeJS.EventEmitter = process;
  const events = ['SIGINT', 'SIGTERM', 'unhandledRejection'];
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const result = await install();
  for (const event of events) for (const listener of emitter.listeners(event)) if (!before.get(event)?.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
  return result;
}
