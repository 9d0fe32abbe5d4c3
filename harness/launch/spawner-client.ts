import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import type { ExitStatus } from './exit-status.ts';
import { OutputTail } from './output-tail.ts';
import type { ServerProcess, SpawnOptions } from './spawn-server.ts';
import type { SpawnerReply, SpawnerRequest } from './spawner-protocol.ts';
import { epipeError, fromWireError, readFrames, sendFrame } from './spawner-protocol.ts';
import { signalGroup } from './process-tree.ts';

// One server started by the spawner, as this worker follows it.
interface Remote {
  pid?: number;
  readonly stdout: OutputTail;
  readonly stderr: OutputTail;
  readonly started: (reply: { pid: number } | { error: Error }) => void;
  readonly exit: (status: { code: number | null; signal: NodeJS.Signals | null }) => void;
  readonly outputEnd: (fd: 1 | 2) => void;
}

// This worker's connection to the run's spawner: one socket, many servers.
class SpawnerConnection {
  #next = 1;
  readonly #remotes = new Map<number, Remote>();
  // Writes to a server's stdin not yet answered, by `${id}:${seq}` (a write may come after its exit).
  readonly #stdinDone = new Map<string, (error?: Error) => void>();
  #lost = false;

  constructor(readonly socket: Socket) {
    readFrames<SpawnerReply>(socket, (reply) => this.#onReply(reply));
    socket.on('error', () => undefined);
    socket.on('close', () => this.#onLost());
    // Holds the worker open only while it has servers running (as their own processes would).
    socket.unref();
  }

  get usable(): boolean {
    return !this.#lost;
  }

  #onReply(reply: SpawnerReply): void {
    if (reply.t === 'stdin-done') {
      const key = `${reply.id}:${reply.seq}`;
      const done = this.#stdinDone.get(key);
      this.#stdinDone.delete(key);
      return done?.(reply.error ? fromWireError(reply.error) : undefined);
    }
    const remote = this.#remotes.get(reply.id);
    if (!remote) return;
    switch (reply.t) {
      case 'spawned':
        remote.pid = reply.pid;
        return remote.started({ pid: reply.pid });
      case 'spawn-error':
        return remote.started({ error: fromWireError(reply.error) });
      case 'out': {
        const tail = reply.fd === 1 ? remote.stdout : remote.stderr;
        if (reply.skipped > 0) tail.skip(reply.skipped);
        return tail.push(Buffer.from(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength));
      }
      case 'out-end':
        return remote.outputEnd(reply.fd);
      case 'exit':
        return remote.exit(reply);
    }
  }

  // The spawner is gone (it crashed or was killed): its servers died with their relay; nothing waits forever.
  #onLost(): void {
    this.#lost = true;
    for (const remote of this.#remotes.values()) {
      if (remote.pid !== undefined) signalGroup(remote.pid, 'SIGKILL');
      remote.started({ error: new Error('the sockgrade spawner process ended') });
      remote.exit({ code: null, signal: 'SIGKILL' });
      remote.outputEnd(1);
      remote.outputEnd(2);
    }
    this.#remotes.clear();
    for (const done of this.#stdinDone.values()) done(epipeError());
    this.#stdinDone.clear();
  }

  #send(request: SpawnerRequest): void {
    if (!this.#lost) sendFrame(this.socket, request);
  }

  #track(id: number, remote: Remote, exited: Promise<unknown>): void {
    this.#remotes.set(id, remote);
    this.socket.ref();
    void exited.then(() => {
      this.#remotes.delete(id);
      if (this.#remotes.size === 0) this.socket.unref();
    });
  }

  async spawn({ command, cwd, env, stdin }: SpawnOptions): Promise<ServerProcess> {
    const id = this.#next++;
    const stdout = new OutputTail();
    const stderr = new OutputTail();
    const startedAt = performance.now();
    let resolveStart!: (reply: { pid: number } | { error: Error }) => void;
    const start = new Promise<{ pid: number } | { error: Error }>((resolve) => (resolveStart = resolve));
    let resolveExit!: (status: ExitStatus) => void;
    const exited = new Promise<ExitStatus>((resolve) => (resolveExit = resolve));
    const ends = { 1: deferred(), 2: deferred() };
    const remote: Remote = {
      stdout,
      stderr,
      started: resolveStart,
      exit: ({ code, signal }) => resolveExit({ code, signal, afterMs: performance.now() - startedAt }),
      outputEnd: (fd) => ends[fd].resolve(),
    };
    // Until the process ends, and after it while its output may still come.
    const closed = Promise.all([exited, ends[1].promise, ends[2].promise]);
    this.#track(id, remote, closed);
    const stdinMode = stdin === undefined ? 'ignore' : stdin === 'pipe' ? 'pipe' : typeof stdin === 'string' ? Buffer.from(stdin) : stdin;
    this.#send({ t: 'spawn', id, file: command.file, args: command.args, cwd, env, stdin: stdinMode });
    const started = await start;
    let spawnError: Error | undefined;
    if ('error' in started) {
      spawnError = started.error;
      resolveExit({ code: 127, signal: null, afterMs: performance.now() - startedAt });
      ends[1].resolve();
      ends[2].resolve();
    }
    let seq = 0;
    const request = (make: (seq: number) => SpawnerRequest, callback: (error?: Error | null) => void): void => {
      const n = ++seq;
      if (this.#lost) return callback(epipeError());
      this.#stdinDone.set(`${id}:${n}`, (error) => callback(error ?? null));
      this.#send(make(n));
    };
    const pipe =
      stdin === 'pipe' && !spawnError
        ? new Writable({
            write: (chunk: Buffer, _encoding, callback) => request((n) => ({ t: 'stdin', id, seq: n, data: chunk }), callback),
            final: (callback) => request((n) => ({ t: 'stdin-end', id, seq: n }), callback),
            destroy: (error, callback) => {
              this.#send({ t: 'stdin-destroy', id });
              callback(error);
            },
          })
        : undefined;
    // As with a pipe of our own: a write to a server that is gone fails that write, and nothing else.
    pipe?.on('error', () => undefined);
    return {
      command,
      pid: 'pid' in started ? started.pid : undefined,
      exited,
      stdout,
      stderr,
      ...(pipe ? { stdin: pipe } : {}),
      startedAt,
      spawnError: () => spawnError,
      outputEnded: () => Promise.all([ends[1].promise, ends[2].promise]).then(() => undefined),
      closeOutput: () => this.#send({ t: 'close-output', id }),
    };
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

// This worker's connection to each spawner it was given (a run has one).
const connections = new Map<string, Promise<SpawnerConnection | undefined>>();

function connectTo(socketPath: string): Promise<SpawnerConnection | undefined> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    socket.once('connect', () => resolve(new SpawnerConnection(socket)));
    socket.once('error', () => resolve(undefined));
  });
}

// Starts the server through the run's spawner (listening at socketPath); undefined when this worker
// cannot reach it (then the caller spawns it itself: slower, the same server).
export async function spawnThroughSpawner(socketPath: string, options: SpawnOptions): Promise<ServerProcess | undefined> {
  let connection = connections.get(socketPath);
  if (!connection) connections.set(socketPath, (connection = connectTo(socketPath)));
  const current = await connection;
  if (!current?.usable) return undefined;
  return current.spawn(options);
}
