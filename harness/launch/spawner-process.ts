// The spawner: a small Node process that starts the servers under test for the spec workers of one
// grading run and relays their output, stdin and exit (bundled to dist/spawner.js; started by
// harness/launch/spawner-service.ts). Why a process of its own: Node forks the whole process to spawn
// a child and blocks the spawning thread until the child has exec'd, so a spawn costs time in
// proportion to the process's memory (measured: 1.2 ms at 45 MiB, 13 ms at 195 MiB, 28 ms at 550 MiB),
// and in the grading process it stalled the worker thread that runs the tests.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { SpawnerReply, SpawnerRequest } from './spawner-protocol.ts';
import { epipeError, readFrames, sendFrame, toWireError } from './spawner-protocol.ts';
import { signalGroup } from './process-tree.ts';

// Output waits here while the worker's socket holds this much unread: a server flooding its stdout then
// costs a tail of its output, not our memory.
const BACKLOG_BYTES = 1 << 20;
// What is kept of output held back (the worker keeps 16 KiB of each stream).
const HELD_TAIL_BYTES = 64 * 1024;

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
}

// Output of one stream held back while the socket is backed up: its last bytes and how many were dropped.
interface Held {
  chunks: Buffer[];
  bytes: number;
  skipped: number;
}

function serveWorker(socket: Socket): void {
  const children = new Map<number, ChildProcess>();
  const held = new Map<string, Held>();
  const send = (reply: SpawnerReply): void => {
    if (!socket.destroyed) sendFrame(socket, reply);
  };
  const flush = (id: number, fd: 1 | 2): void => {
    const key = `${id}:${fd}`;
    const h = held.get(key);
    if (!h) return;
    held.delete(key);
    send({ t: 'out', id, fd, data: Buffer.concat(h.chunks), skipped: h.skipped });
  };
  const output = (id: number, fd: 1 | 2, chunk: Buffer): void => {
    const key = `${id}:${fd}`;
    const h = held.get(key);
    if (!h && socket.writableLength < BACKLOG_BYTES) return send({ t: 'out', id, fd, data: chunk, skipped: 0 });
    const into = h ?? { chunks: [], bytes: 0, skipped: 0 };
    held.set(key, into);
    into.chunks.push(chunk);
    into.bytes += chunk.length;
    while (into.bytes - (into.chunks[0]?.length ?? 0) >= HELD_TAIL_BYTES) {
      const dropped = into.chunks.shift() as Buffer;
      into.bytes -= dropped.length;
      into.skipped += dropped.length;
    }
  };
  socket.on('drain', () => {
    for (const key of [...held.keys()]) {
      const [id, fd] = key.split(':').map(Number) as [number, 1 | 2];
      flush(id, fd);
    }
  });
  const relay = (id: number, fd: 1 | 2, stream: Readable | null): void => {
    if (!stream) return send({ t: 'out-end', id, fd });
    stream.on('data', (chunk: Buffer) => output(id, fd, chunk));
    stream.on('error', () => undefined);
    stream.on('close', () => {
      flush(id, fd);
      send({ t: 'out-end', id, fd });
    });
  };

  const onRequest = (request: SpawnerRequest): void => {
    if (request.t === 'spawn') {
      const { id, file, args, cwd, env, stdin } = request;
      // As the grading process would: its own session and group (signalled as one), output piped.
      const child = spawn(file, args, { cwd, env, detached: true, stdio: [stdin === 'ignore' ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
      if (child.pid === undefined) {
        child.once('error', (err) => send({ t: 'spawn-error', id, error: toWireError(err) }));
        return;
      }
      children.set(id, child);
      live.add(child);
      send({ t: 'spawned', id, pid: child.pid });
      // A server that exits or closes stdin makes writes fail with EPIPE: reported per write, never a crash.
      child.stdin?.on('error', () => undefined);
      if (stdin instanceof Uint8Array) child.stdin?.end(stdin);
      relay(id, 1, child.stdout);
      relay(id, 2, child.stderr);
      child.on('exit', (code, signal) => {
        live.delete(child);
        send({ t: 'exit', id, code, signal });
      });
      return;
    }
    const child = children.get(request.id);
    if (!child) return;
    if (request.t === 'stdin' || request.t === 'stdin-end') {
      const { id, seq } = request;
      const done = (err?: Error | null): void => send({ t: 'stdin-done', id, seq, ...(err ? { error: toWireError(err) } : {}) });
      if (!child.stdin || child.stdin.destroyed) return done(epipeError());
      if (request.t === 'stdin') child.stdin.write(request.data, done);
      else child.stdin.end(() => done());
    } else if (request.t === 'stdin-destroy') {
      child.stdin?.destroy();
    } else if (request.t === 'close-output') {
      child.stdout?.destroy();
      child.stderr?.destroy();
      children.delete(request.id);
    }
  };
  readFrames<SpawnerRequest>(socket, onRequest);
  socket.on('error', () => undefined);
  // The worker is gone (it ended, or was stopped): so are the servers it had not yet stopped, with
  // whatever their group still holds (close-output is the last thing a worker's stop() sends).
  socket.on('close', () => {
    for (const child of children.values()) killGroup(child);
  });
}

// The spawner's life (dist/spawner.js runs it with its argv): listens on socketPath, prints "ready\n"
// once listening, and ends when its stdin ends, killing every server it still runs (SIGKILL to its
// group). The grading process writes "done\n" before it closes our stdin; an end without it means the
// grading process died (SIGKILL, the OOM killer) and cannot clean up: then its run folder goes too.
export function runSpawner(socketPath: string | undefined, runDir: string | undefined): void {
  if (!socketPath || !runDir) {
    process.stderr.write('usage: spawner.js <socket path> <run folder>\n');
    process.exit(2);
  }
  // Ctrl-C in a terminal, or the terminal closing, reaches the whole foreground group: we go when the
  // grading process has gone (handling the signal, or killed by it), with its servers, never before.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => undefined);
  const server = createServer(serveWorker);
  server.on('error', (err) => {
    process.stderr.write(`sockgrade spawner: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(socketPath, () => process.stdout.write('ready\n'));
  let said = '';
  process.stdin.on('data', (chunk: Buffer) => (said += chunk.toString()));
  process.stdin.on('error', () => undefined);
  const end = (): void => {
    for (const child of live) killGroup(child);
    server.close();
    if (said !== 'done\n') rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
    process.exit(0);
  };
  process.stdin.on('end', end);
  process.stdin.on('close', end);
}
