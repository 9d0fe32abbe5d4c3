import type { Readable, Writable } from 'node:stream';
import { execa } from 'execa';
import type { ResolvedCommand } from './command.ts';
import type { ExitStatus } from './exit-status.ts';
import { OutputTail } from './output-tail.ts';
import { trackLiveServer } from './live-servers.ts';
import { spawnThroughSpawner } from './spawner-client.ts';
import { runSettings } from '../run/run-settings.ts';

// What the server reads on stdin: nothing (/dev/null), these bytes then EOF, or a pipe the test writes to.
export type StdinSource = undefined | 'pipe' | string | Uint8Array;

// A server process just spawned: its exit as a promise, its output tails, its stdin if it is a pipe.
export interface ServerProcess {
  readonly command: ResolvedCommand;
  // Undefined when the program could not be started at all.
  readonly pid: number | undefined;
  readonly exited: Promise<ExitStatus>;
  readonly stdout: OutputTail;
  readonly stderr: OutputTail;
  readonly stdin?: Writable;
  readonly startedAt: number;
  // Why the program could not be started at all (not found, not executable), once 'exited' says so.
  readonly spawnError: () => Error | undefined;
  // Resolves once both output streams have ended (every process that held them is gone).
  readonly outputEnded: () => Promise<void>;
  // Stops reading its output.
  readonly closeOutput: () => void;
}

export interface SpawnOptions {
  readonly command: ResolvedCommand;
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly stdin?: StdinSource;
}

// Spawns the server in its own session and process group (so the whole group can be signalled at once),
// keeping only the tails of its output, whatever it writes. In a grading run the run's spawner process
// starts it (see spawner-process.ts for why); elsewhere (a unit test, vitest run directly) this thread does.
export async function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  const socketPath = runSettings().spawner;
  const spawned = (socketPath ? await spawnThroughSpawner(socketPath, options) : undefined) ?? spawnHere(options);
  if (spawned.pid !== undefined) trackLiveServer(spawned.pid, spawned.exited);
  return spawned;
}

// Resolves when the stream has ended (or at once if there is none).
function ended(stream: Readable | null | undefined): Promise<void> {
  if (!stream || stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
  });
}

// The server as this thread's own child.
export function spawnHere({ command, cwd, env, stdin }: SpawnOptions): ServerProcess {
  const stdout = new OutputTail();
  const stderr = new OutputTail();
  const startedAt = performance.now();
  const subprocess = execa(command.file, command.args, {
    cwd,
    env,
    extendEnv: false,
    detached: true,
    cleanup: false,
    buffer: false,
    reject: false,
    stdin: stdin === undefined ? 'ignore' : 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  // A server that exits or closes stdin makes our writes fail with EPIPE: that is its business, not a crash of ours.
  subprocess.stdin?.on('error', () => undefined);
  if (stdin !== undefined && stdin !== 'pipe') subprocess.stdin?.end(stdin);
  subprocess.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  subprocess.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  let spawnError: Error | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    subprocess.on('exit', (code, signal) => resolve({ code, signal, afterMs: performance.now() - startedAt }));
    // A program that cannot be spawned (not found, not executable) never emits 'exit'.
    subprocess.on('error', (err) => {
      if (subprocess.pid !== undefined) return;
      spawnError = err;
      resolve({ code: 127, signal: null, afterMs: performance.now() - startedAt });
    });
  });
  void subprocess.catch(() => undefined);
  return {
    command,
    pid: subprocess.pid,
    exited,
    stdout,
    stderr,
    ...(stdin === 'pipe' && subprocess.stdin ? { stdin: subprocess.stdin } : {}),
    startedAt,
    spawnError: () => spawnError,
    outputEnded: () => Promise.all([ended(subprocess.stdout), ended(subprocess.stderr)]).then(() => undefined),
    closeOutput: () => {
      subprocess.stdout?.destroy();
      subprocess.stderr?.destroy();
    },
  };
}
