// What a run does when it is interrupted (Ctrl-C): each registered handler stops something from
// starting more work (the spec run stops starting tests). The run folder calls them, then cleans up.
const handlers = new Set<() => void>();

// Registers a handler; returns its removal.
export function onInterrupt(handler: () => void): () => void {
  handlers.add(handler);
  return () => handlers.delete(handler);
}

// The handlers registered now.
export function interruptHandlers(): (() => void)[] {
  return [...handlers];
}

// Removes the SIGINT / SIGTERM / exit listeners `install` adds (vitest's logger exits 1 ms after a signal,
// before our cleanup could finish); our run folder handles those signals instead.
export async function withoutSignalListeners<T>(install: () => Promise<T>): Promise<T> {
  const events = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event))]));
  const result = await install();
  for (const event of events) for (const listener of process.listeners(event)) if (!before.get(event)?.has(listener)) process.off(event, listener);
  return result;
}
