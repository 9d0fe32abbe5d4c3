import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { ResultPromise } from 'execa';
import type { Endpoint } from './endpoint.ts';
import { describeEndpoint } from './endpoint.ts';
import type { ExitStatus } from './exit-status.ts';
import { describeExit } from './exit-status.ts';
import type { OutputTail } from './output-tail.ts';
import { findProcessesByToken, killByToken, signalGroup } from './process-tree.ts';
import { removeDir } from './workdir.ts';
import { scaled, defaultTimeouts } from '../time/timeouts.ts';
import { settleWithin } from '../time/deadline.ts';

export interface ServerParts {
  readonly label: string;
  readonly command: string;
  readonly endpoint: Endpoint;
  readonly workdir: string;
  readonly socketDir?: string;
  readonly token: string;
  readonly subprocess: ResultPromise;
  readonly exited: Promise<ExitStatus>;
  readonly stdout: OutputTail;
  readonly stderr: OutputTail;
  readonly startedAt: number;
}

// True when /proc shows the process as a zombie: exited, its exit status not yet collected.
async function isZombie(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return /\) Z /.test(stat);
}

// Resolves when the stream has ended (or at once if there is none).
function ended(stream: Readable | null | undefined): Promise<void> {
  if (!stream || stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
  });
}

// True when an exit looks like the answer to our SIGTERM: killed by it, or a clean exit from a handler (0, or 143 from a shell).
function endedByTerm(status: ExitStatus): boolean {
  return status.signal === 'SIGTERM' || status.code === 0 || status.code === 143;
}

// A running server under test. Disposing it kills everything it started and removes its files.
export class StartedServer implements AsyncDisposable {
  #exit: ExitStatus | undefined;
  #stopping: Promise<ExitStatus> | undefined;

  constructor(readonly parts: ServerParts) {
    void parts.exited.then((status) => {
      this.#exit ??= status;
    });
  }

  get endpoint(): Endpoint {
    return this.parts.endpoint;
  }

  get host(): string {
    return this.parts.endpoint.kind === 'unix' ? '' : this.parts.endpoint.host;
  }

  get port(): number {
    if (this.parts.endpoint.kind === 'unix') throw new TypeError(`${this.parts.label} listens on a Unix socket, not a port`);
    return this.parts.endpoint.port;
  }

  get socketPath(): string {
    if (this.parts.endpoint.kind !== 'unix') throw new TypeError(`${this.parts.label} listens on a port, not a Unix socket`);
    return this.parts.endpoint.path;
  }

  get pid(): number {
    return this.parts.subprocess.pid as number;
  }

  get command(): string {
    return this.parts.command;
  }

  // Bytes the server has written to its stdout and stderr so far (all of them, not only the kept tail).
  get outputBytes(): number {
    return this.parts.stdout.totalBytes + this.parts.stderr.totalBytes;
  }

  // How the main process ended, or undefined while it runs.
  get exitStatus(): ExitStatus | undefined {
    return this.#exit;
  }

  // Every live process the server started (itself, forks, daemons), found by its token.
  async processes(): Promise<number[]> {
    const found = await findProcessesByToken(this.parts.token);
    return found.length > 0 || this.#exit ? found : [this.pid];
  }

  // Summary for failure reports: command, endpoint, how it ended, output tails prefixed [server].
  describe(): string {
    const lines = [
      `server: ${this.parts.command}  (${this.parts.label}, ${describeEndpoint(this.parts.endpoint)})`,
      `server status: ${describeExit(this.#exit)}`,
      ...this.parts.stderr.lines('[server stderr]'),
      ...this.parts.stdout.lines('[server stdout]', 5),
    ];
    return lines.join('\n');
  }

  // Stops the server: SIGTERM to its group, SIGKILL after a grace period, then any escaped process by token.
  stop(): Promise<ExitStatus> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<ExitStatus> {
    const { subprocess, exited, token } = this.parts;
    const pgid = subprocess.pid as number;
    // A server that has just died (a zombie not yet reaped by us) is not stopped by us: wait for its own status.
    if (!this.#exit && (await isZombie(pgid))) await settleWithin(exited, scaled(defaultTimeouts.graceMs));
    if (!this.#exit) {
      signalGroup(pgid, 'SIGTERM');
      const status = await settleWithin(exited, scaled(defaultTimeouts.graceMs));
      // A process that was already crashing when SIGTERM arrived keeps its own exit status in the report.
      if (status) this.#exit = endedByTerm(status) ? { ...status, stoppedWith: 'SIGTERM' } : status;
      if (!status) {
        signalGroup(pgid, 'SIGKILL');
        const killed = await exited;
        this.#exit = { ...killed, stoppedWith: 'SIGKILL' };
      }
    }
    // Children left in the group, then those that called setsid() to leave it.
    signalGroup(pgid, 'SIGKILL');
    await killByToken(token);
    // Output still in the pipes belongs in the report (a traceback printed just before dying).
    await settleWithin(Promise.all([ended(subprocess.stdout), ended(subprocess.stderr)]), 200);
    subprocess.stdout?.destroy();
    subprocess.stderr?.destroy();
    await Promise.all([removeDir(this.parts.workdir), this.parts.socketDir ? removeDir(this.parts.socketDir) : undefined]);
    return this.#exit as ExitStatus;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
