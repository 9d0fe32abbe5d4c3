import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.ts';
import { settleWithin } from '../time/deadline.ts';

// The built spawner (scripts/bundle-harness.mjs).
const SPAWNER_SCRIPT = path.join(packageRoot, 'dist', 'spawner.js');
// sun_path holds 108 bytes with its terminating NUL.
const MAX_SOCKET_PATH_BYTES = 107;
// How long the spawner gets to start listening, and to end once told to.
const START_MS = 10_000;
const STOP_MS = 2000;

// A grading run's spawner process (harness/launch/spawner-process.ts), started by the grading process
// while it is still small (a fork of it is cheap then), before vitest loads.
export interface SpawnerService {
  // Where it listens: a socket in the run's own folder (only this user can reach it; removed with it).
  readonly socketPath: string;
  // Resolves true once it listens, false if it could not start (the workers then spawn servers themselves).
  readonly ready: Promise<boolean>;
  // Ends it (it kills any server still running) and waits for that, briefly.
  close(): Promise<void>;
}

// Starts the spawner for a run whose temp folder is runDir; undefined where it cannot serve (no built
// dist/, a socket path too long): the workers then spawn servers themselves, as in a plain vitest run.
export function startSpawner(runDir: string): SpawnerService | undefined {
  const socketPath = path.join(runDir, 'spawner.sock');
  if (process.platform === 'win32' || Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES || !existsSync(SPAWNER_SCRIPT)) return undefined;
  // Its stdin is how it knows we are gone: it ends when the pipe closes, whether we closed it (saying
  // "done" first) or died (then it removes the run folder too, since we cannot).
  const child = spawn(process.execPath, [SPAWNER_SCRIPT, socketPath, runDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.on('error', () => undefined);
  child.stdin.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = new Promise<boolean>((resolve) => {
    let said = '';
    child.stdout.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('ready\n')) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  const ready = settleWithin(listening, START_MS).then((ok) => ok === true);
  // Never what keeps this process alive.
  child.unref();
  for (const pipe of [child.stdin, child.stdout]) (pipe as unknown as Socket).unref();
  return {
    socketPath,
    ready,
    close: async () => {
      child.stdin.end('done\n');
      if ((await settleWithin(exited.then(() => true), STOP_MS)) !== true) child.kill('SIGKILL');
    },
  };
}
