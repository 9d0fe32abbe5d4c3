import { deserialize, serialize } from 'node:v8';
import type { Socket } from 'node:net';

// What a spec worker asks of the spawner process (harness/launch/spawner-process.ts), and what it
// answers, over one Unix stream socket per worker. `id` names one server of that worker.
export type SpawnerRequest =
  | { readonly t: 'spawn'; readonly id: number; readonly file: string; readonly args: readonly string[]; readonly cwd: string; readonly env: Record<string, string>; readonly stdin: 'ignore' | 'pipe' | Uint8Array }
  | { readonly t: 'stdin'; readonly id: number; readonly seq: number; readonly data: Uint8Array }
  | { readonly t: 'stdin-end'; readonly id: number; readonly seq: number }
  | { readonly t: 'stdin-destroy'; readonly id: number }
  | { readonly t: 'close-output'; readonly id: number };

export type SpawnerReply =
  | { readonly t: 'spawned'; readonly id: number; readonly pid: number }
  | { readonly t: 'spawn-error'; readonly id: number; readonly error: WireError }
  // Output of fd 1 or 2; `skipped` bytes before it were dropped (the worker read slower than the server wrote).
  | { readonly t: 'out'; readonly id: number; readonly fd: 1 | 2; readonly data: Uint8Array; readonly skipped: number }
  | { readonly t: 'out-end'; readonly id: number; readonly fd: 1 | 2 }
  | { readonly t: 'exit'; readonly id: number; readonly code: number | null; readonly signal: NodeJS.Signals | null }
  // A stdin write (or end) reached the server's pipe, or failed (EPIPE: it closed its stdin or exited).
  | { readonly t: 'stdin-done'; readonly id: number; readonly seq: number; readonly error?: WireError };

// An error as it crosses the socket: its message and errno code (ENOENT, EPIPE), which callers test.
export interface WireError {
  readonly message: string;
  readonly code?: string;
}

export function toWireError(err: Error): WireError {
  const { code } = err as NodeJS.ErrnoException;
  return { message: err.message, ...(code ? { code } : {}) };
}

export function fromWireError({ message, code }: WireError): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

// What a write to a pipe whose reader is gone fails with.
export function epipeError(): Error {
  return fromWireError({ message: 'write EPIPE', code: 'EPIPE' });
}

// One message as a frame: its length (4 bytes, big-endian), then v8's serialization (both ends are the
// same Node, and it carries bytes as bytes).
export function sendFrame(socket: Socket, message: SpawnerRequest | SpawnerReply): boolean {
  const body = serialize(message);
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32BE(body.length);
  return socket.write(Buffer.concat([head, body]));
}

// Calls onMessage for each whole frame that arrives on the socket.
export function readFrames<T>(socket: Socket, onMessage: (message: T) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const length = pending.readUInt32BE(0);
      if (pending.length < 4 + length) break;
      const message = deserialize(pending.subarray(4, 4 + length)) as T;
      pending = pending.subarray(4 + length);
      onMessage(message);
    }
  });
}
