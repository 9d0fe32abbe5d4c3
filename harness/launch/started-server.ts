import type { Writable } from 'node:stream';
import type { Endpoint } from './endpoint.ts';
import type { PortReservation } from './port.ts';
import { describeEndpoint } from './endpoint.ts';
import type { ExitStatus } from './exit-status.ts';
import { describeExit } from './exit-status.ts';
import type { ServerProcess } from './spawn-server.ts';
import type { ServedRoot, TestFolder } from './test-folder.ts';
import { removeDir } from './test-folder.ts';
import { findProcessesByToken, killByToken, signalGroup } from './process-tree.ts';
import { pauseProcesses } from './pause.ts';
import type { Transcript } from '../clients/transcript.ts';
import { isZombie } from '../probes/process-stat.ts';
import { asleepThroughout, canSeeThreadSleep, threadSnapshot } from '../probes/thread-activity.ts';
import type { ThreadSnapshot } from '../probes/thread-activity.ts';
import { pollUntil } from '../probes/wait-until.ts';
import { scaled, defaultTimeouts } from '../time/timeouts.ts';
import { settleWithin } from '../time/deadline.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import type { CgroupCounters } from '../sandbox/server-cgroup.ts';
import type { LimitHit } from '../sandbox/limit-verdict.ts';
import { findLimitHit } from '../sandbox/limit-verdict.ts';
import { filesAtLimit } from '../sandbox/files-at-limit.ts';

export interface ServerParts extends ServerProcess {
  readonly label: string;
  readonly endpoint: Endpoint;
  readonly folder: TestFolder;
  readonly socketDir?: string;
  // Its port, held from allocation until the server is gone (see port.ts).
  readonly reservation?: PortReservation;
  readonly token: string;
  // Its limits, their cgroups if any.
  readonly sandbox: Sandbox;
}

// The kernel's facts about a server's limits, gathered once it stopped (before its cgroups and files go).
interface LimitFacts {
  readonly counters?: CgroupCounters;
  readonly filesAtLimit: readonly string[];
}

// What a report says about the server of a failed test, as data (reports render it their own way).
export interface ServerSummary {
  readonly label: string;
  readonly command: string;
  readonly endpoint: string;
  readonly status: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stoppedWith?: 'SIGTERM' | 'SIGKILL';
  readonly stderrTail: readonly string[];
  readonly stdoutTail: readonly string[];
  readonly stdoutBytes: number;
  readonly stderrBytes: number;
}

// True when an exit looks like the answer to our SIGTERM: killed by it, or a clean exit from a handler (0, or 143 from a shell).
function endedByTerm(status: ExitStatus): boolean {
  return status.signal === 'SIGTERM' || status.code === 0 || status.code === 143;
}

// A running server under test. Disposing it kills everything it started and removes its files.
export class StartedServer implements AsyncDisposable {
  #exit: ExitStatus | undefined;
  #testOver = false;
  #exitWhileTested: ExitStatus | undefined;
  #stopping: Promise<ExitStatus> | undefined;
  #limitFacts: LimitFacts | undefined;
  // Wall-clock time of its spawn (less the few ms by which the kernel's coarse file times may lag): files
  // written before, by the test, are not the server's.
  readonly #spawnedAtMs = Date.now() - 5;

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

  // The server's working folder (its cwd): the submission's entries are linked in.
  get workdir(): string {
    return this.parts.folder.workdir;
  }

  // {root}, when the test gave the server one.
  get root(): ServedRoot | undefined {
    return this.parts.folder.root;
  }

  // {log}, when the test gave the server one.
  get logPath(): string | undefined {
    return this.parts.folder.logPath;
  }

  // The server's stdin when the test asked for a pipe.
  get stdin(): Writable | undefined {
    return this.parts.stdin;
  }

  get pid(): number {
    return this.parts.pid as number;
  }

  get command(): string {
    return this.parts.command.display;
  }

  // Bytes the server has written to its stdout and stderr so far (all of them, not only the kept tail).
  get outputBytes(): number {
    return this.parts.stdout.totalBytes + this.parts.stderr.totalBytes;
  }

  // How the main process ended, or undefined while it runs.
  get exitStatus(): ExitStatus | undefined {
    return this.#exit;
  }

  // Marks the end of the test's own actions, before its clients are torn down (which can make a buggy
  // server crash: a select() loop reading a socket that the teardown closed): only an exit before this
  // mark is the server's death during the test.
  markTestOver(): void {
    if (this.#testOver) return;
    this.#testOver = true;
    this.#exitWhileTested = this.#exit;
  }

  // How the server ended on its own while the test ran (before markTestOver()), if it did.
  get exitWhileTested(): ExitStatus | undefined {
    return this.#testOver ? this.#exitWhileTested : this.#exit;
  }

  // Waits, at most ms, for the server to end on its own (a test that saw it stop listening or hang up
  // lets a dying server finish, so the teardown does not stop it and take its death for ours).
  async exitWithin(ms: number): Promise<ExitStatus | undefined> {
    return this.#exit ?? (await settleWithin(this.parts.exited, ms));
  }

  // Runs `during` with the server paused (SIGSTOP), then lets it go on (SIGCONT): what `during` does
  // happens, as far as the server can tell, all at once. A test that needs an order the server could
  // otherwise race (a client gone before its reply is sent) gets that order on every run, however loaded
  // the machine. Noted in the transcript when one is given.
  async whilePaused<T>(during: () => Promise<T>, transcript?: Transcript): Promise<T> {
    if (this.#exit) return during();
    const { stopped, resume } = await pauseProcesses(this.pid, await this.processes(), scaled(2000));
    transcript?.record('server', 'note', stopped ? 'paused (SIGSTOP)' : 'paused (SIGSTOP), though not every thread was seen stopped');
    try {
      return await during();
    } finally {
      resume();
      transcript?.record('server', 'note', 'resumed (SIGCONT)');
    }
  }

  // Waits (bounded, never fails) until every thread of the server sleeps, seen asleep in two readings with
  // no switch between them (Linux, /proc): it has handled all that had arrived for it, such as a datagram
  // sent while it was paused, and blocks for more. Resolves false if it could not tell or never slept
  // (a busy loop); noted in the transcript when one is given.
  async untilAsleep(transcript?: Transcript, timeoutMs = scaled(2000)): Promise<boolean> {
    if (this.#exit || !(await canSeeThreadSleep())) return false;
    let previous: ThreadSnapshot | undefined;
    const asleep = async (): Promise<boolean> => {
      const now = await threadSnapshot(await this.processes());
      const still = previous !== undefined && asleepThroughout(previous, now);
      previous = now;
      return still;
    };
    if (await pollUntil(asleep, timeoutMs, { intervalMs: 1 })) return true;
    transcript?.record('server', 'note', `not every thread of the server was asleep within ${timeoutMs}ms`);
    return false;
  }

  // Every live process the server started (itself, forks, daemons), found by its token.
  // With cgroups its members are read from one file; without, every process's environment is scanned.
  async processes(): Promise<number[]> {
    const found = this.parts.sandbox.enforcement === 'cgroups' ? await this.parts.sandbox.pids() : await findProcessesByToken(this.parts.token);
    return found.length > 0 || this.#exit ? found : [this.pid];
  }

  // The server for reports, as data.
  summary(): ServerSummary {
    const { stdout, stderr } = this.parts;
    return {
      label: this.parts.label,
      command: this.command,
      endpoint: describeEndpoint(this.parts.endpoint),
      status: describeExit(this.#exit),
      exitCode: this.#exit?.code ?? null,
      signal: this.#exit?.signal ?? null,
      ...(this.#exit?.stoppedWith ? { stoppedWith: this.#exit.stoppedWith } : {}),
      stderrTail: stderr.lines(''),
      stdoutTail: stdout.lines('', 5),
      stdoutBytes: stdout.totalBytes,
      stderrBytes: stderr.totalBytes,
    };
  }

  // Summary for failure reports: command, endpoint, how it ended, output tails prefixed [server].
  describe(): string {
    const lines = [
      `server: ${this.command}  (${this.parts.label}, ${describeEndpoint(this.parts.endpoint)})`,
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
    const { pid, exited, token } = this.parts;
    const pgid = pid as number;
    // A program that could not be spawned has no process: only its files to remove.
    if (pid !== undefined) {
      // A server that has just died (a zombie not yet reaped by us) is not stopped by us: wait for its own status.
      if (!this.#exit && (await isZombie(pgid))) await settleWithin(exited, scaled(defaultTimeouts.graceMs));
      if (!this.#exit) {
        // stdin stays open until the process is gone: EOF could make a server that reads stdin exit on its
        // own first (code 1 on EOFError), and that exit would be reported as its death during the test.
        signalGroup(pgid, 'SIGTERM');
        // A server stopped by whilePaused (a test that timed out inside it) runs its SIGTERM handler only once continued.
        signalGroup(pgid, 'SIGCONT');
        const status = await settleWithin(exited, scaled(defaultTimeouts.graceMs));
        // A process that was already crashing when SIGTERM arrived keeps its own exit status in the report.
        if (status) this.#exit = endedByTerm(status) ? { ...status, stoppedWith: 'SIGTERM' } : status;
        if (!status) {
          signalGroup(pgid, 'SIGKILL');
          const killed = await exited;
          this.#exit = { ...killed, stoppedWith: 'SIGKILL' };
        }
      }
      // Children left in the group, then everything in its cgroup: those that called setsid() to leave
      // the group, or exec'd without our token. Without cgroups, the token finds them by a scan of /proc
      // (too slow for every server when a fork bomb leaves hundreds; the run's own sweep still makes it).
      signalGroup(pgid, 'SIGKILL');
    }
    const counters = await this.parts.sandbox.release();
    if (pid !== undefined && this.parts.sandbox.enforcement !== 'cgroups') await killByToken(token);
    this.parts.reservation?.release();
    // Stdin closes only once the process is gone: a server that exits at EOF would otherwise end on its
    // own before our SIGTERM, and be counted as dying during the test.
    this.parts.stdin?.destroy();
    this.#exit ??= await exited;
    this.#limitFacts = { ...(counters ? { counters } : {}), filesAtLimit: await this.#filesAtLimit() };
    // Output still in the pipes belongs in the report (a traceback printed just before dying).
    await settleWithin(this.parts.outputEnded(), 200);
    this.parts.closeOutput();
    await Promise.all([removeDir(this.parts.folder.dir), this.parts.socketDir ? removeDir(this.parts.socketDir) : undefined]);
    return this.#exit;
  }

  // The limit the server ran into, if any: from the facts gathered when it stopped, or read now while it
  // runs. Its stderr is read too (the last resort, for limits no counter shows) only when asked: when
  // something failed.
  async limitHit({ withStderr = false }: { withStderr?: boolean } = {}): Promise<LimitHit | undefined> {
    const { sandbox, stderr } = this.parts;
    const facts = this.#limitFacts ?? { counters: await sandbox.counters(), filesAtLimit: await this.#filesAtLimit() };
    return findLimitHit({
      limits: sandbox.limits,
      enforcement: sandbox.enforcement,
      ...(this.#exit ? { exit: this.#exit } : {}),
      ...(facts.counters ? { counters: facts.counters } : {}),
      filesAtLimit: facts.filesAtLimit,
      ...(withStderr ? { stderr: stderr.lines('', 50).join('\n') } : {}),
    });
  }

  #filesAtLimit(): Promise<string[]> {
    return filesAtLimit(this.parts.folder.dir, this.parts.sandbox.limits.fileSizeMiB * 1024 * 1024, this.#spawnedAtMs);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
