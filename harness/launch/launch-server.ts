import { execa } from 'execa';
import type { Endpoint, EndpointKind } from './endpoint.ts';
import { describeEndpoint } from './endpoint.ts';
import { resolveCommand } from './command.ts';
import { serverEnvironment } from './environment.ts';
import type { ExitStatus } from './exit-status.ts';
import { OutputTail } from './output-tail.ts';
import { newServerToken, TOKEN_VARIABLE, findProcessesByToken } from './process-tree.ts';
import { allocatePort, isTcpPortTaken } from './port.ts';
import { allocateSocketPath } from './socket-path.ts';
import { allocateUdpPort, isUdpPortTaken } from './udp-port.ts';
import { StartedServer } from './started-server.ts';
import { createWorkdir, removeDir } from './workdir.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { WaitStrategy } from '../wait/wait-strategy.ts';
import { forListeningPort } from '../wait/for-listening-port.ts';
import { forUdpBound } from '../wait/for-udp-bound.ts';
import { forUnixListening } from '../wait/for-unix-listening.ts';
import { ownsUdpSocket } from '../probes/udp-sockets.ts';
import { boundAddresses, ownsTcpListener } from '../probes/process-sockets.ts';
import { systemClock } from '../time/clock.ts';
import type { Clock } from '../time/clock.ts';
import { defaultTimeouts, scaled } from '../time/timeouts.ts';

// What to start and how to know it is ready.
export interface LaunchOptions {
  // Names the program in messages: "submission" or "reference/tcp-echo".
  readonly label: string;
  // A manifest command (run through sh if it uses shell syntax) or an exact argv; placeholders are filled.
  readonly command: string | readonly string[];
  readonly endpoint: EndpointKind;
  // Its top-level entries are linked into the server's fresh working directory.
  readonly submissionDir?: string;
  // Runs in the working directory before the server starts (the reference writes its program there).
  readonly prepare?: (workdir: string) => Promise<void>;
  // Runs once the endpoint is chosen, just before the server starts (a spec leaves a stale socket file there).
  readonly beforeStart?: (endpoint: Endpoint) => Promise<void>;
  readonly wait?: WaitStrategy;
  readonly startTimeoutMs?: number;
  // Bytes fed to the server's stdin; otherwise stdin is empty (/dev/null).
  readonly stdin?: string | Uint8Array;
  readonly clock?: Clock;
  // Picks the port for each attempt (tests inject one to simulate a port stolen by another program).
  readonly allocatePort?: (host: string) => Promise<number>;
}

// A port that somebody else took between allocation and bind is ours to retry, never the student's fault.
const MAX_PORT_ATTEMPTS = 4;
const ADDRESS_IN_USE = /address already in use|EADDRINUSE|errno 98\b/i;

// Starts a server under test and resolves once it is ready; rejects with a SockgradeError naming
// what was awaited, for how long, how the process ended and its stderr.
export async function launchServer(options: LaunchOptions): Promise<StartedServer> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await launchOnce(options);
    if (outcome.server) return outcome.server;
    if (!outcome.portTakenByOther || attempt >= MAX_PORT_ATTEMPTS) throw outcome.error;
  }
}

async function allocateEndpoint(kind: EndpointKind, pickPort: ((host: string) => Promise<number>) | undefined): Promise<{ endpoint: Endpoint; socketDir?: string }> {
  if (kind === 'unix') {
    const { dir, path } = await allocateSocketPath();
    return { endpoint: { kind, path }, socketDir: dir };
  }
  const host = '127.0.0.1';
  const pick = pickPort ?? (kind === 'udp' ? allocateUdpPort : allocatePort);
  return { endpoint: { kind, host, port: await pick(host) } };
}

type Outcome = { server: StartedServer; error?: undefined; portTakenByOther?: undefined } | { server?: undefined; error: SockgradeError; portTakenByOther: boolean };

async function launchOnce(options: LaunchOptions): Promise<Outcome> {
  const clock = options.clock ?? systemClock;
  const { endpoint, socketDir } = await allocateEndpoint(options.endpoint, options.allocatePort);
  const workdir = await createWorkdir(options.submissionDir).catch(async (err: unknown) => {
    if (socketDir) await removeDir(socketDir);
    throw err;
  });
  let server: StartedServer | undefined;
  try {
    await options.prepare?.(workdir);
    await options.beforeStart?.(endpoint);
    const command = resolveCommand(options.command, endpoint);
    const token = newServerToken();
    const stdout = new OutputTail();
    const stderr = new OutputTail();
    const startedAt = performance.now();
    const subprocess = execa(command.file, command.args, {
      cwd: workdir,
      env: serverEnvironment(endpoint, workdir, [TOKEN_VARIABLE, token]),
      extendEnv: false,
      // Its own session and process group, so the whole group can be signalled at once.
      detached: true,
      cleanup: false,
      buffer: false,
      reject: false,
      stdin: options.stdin === undefined ? 'ignore' : 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
    });
    if (options.stdin !== undefined) {
      subprocess.stdin?.on('error', () => undefined);
      subprocess.stdin?.end(options.stdin);
    }
    subprocess.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    subprocess.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    // A command that cannot be spawned (not found) reports through 'error' and then exits with 127-like status.
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
    liveServers.add(subprocess.pid ?? -1);
    void exited.then(() => liveServers.delete(subprocess.pid ?? -1));
    server = new StartedServer({ label: options.label, command: command.display, endpoint, workdir, ...(socketDir ? { socketDir } : {}), token, subprocess, exited, stdout, stderr, startedAt });

    const strategy = options.wait ?? (endpoint.kind === 'tcp' ? forListeningPort() : endpoint.kind === 'udp' ? forUdpBound() : forUnixListening());
    const timeoutMs = options.startTimeoutMs ?? scaled(defaultTimeouts.startMs);
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      strategy.waitUntilReady(endpoint, abort.signal, clock).then(() => ({ kind: 'ready' as const })),
      exited.then((status) => ({ kind: 'exited' as const, status })),
      new Promise<{ kind: 'deadline' }>((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'deadline' }), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    abort.abort(new Error('readiness race decided'));
    if (result.kind === 'ready') {
      // Another program listening on our port would answer in the server's place: retry elsewhere.
      const owns = endpoint.kind === 'tcp' ? ownsTcpListener : endpoint.kind === 'udp' ? ownsUdpSocket : undefined;
      if (owns && endpoint.kind !== 'unix' && process.platform === 'linux' && !(await owns(await findProcessesByToken(token), endpoint.port))) {
        await server.stop();
        const error = new SockgradeError('E_NOT_LISTENING', `port ${endpoint.port} is held by another program, not the server`, { details: server.describe() });
        return { error, portTakenByOther: true };
      }
      return { server };
    }

    const awaited = strategy.describe(endpoint);
    const elsewhere = result.kind === 'deadline' ? await boundAddresses(await findProcessesByToken(token)) : [];
    await server.stop();
    const context = { label: options.label, command: command.display, endpoint: describeEndpoint(endpoint), timeoutMs };
    if (result.kind === 'exited') {
      const stderrText = stderr.lines('').join('\n');
      const isTaken = endpoint.kind === 'tcp' ? isTcpPortTaken : endpoint.kind === 'udp' ? isUdpPortTaken : undefined;
      const portTakenByOther = endpoint.kind !== 'unix' && isTaken !== undefined && ADDRESS_IN_USE.test(stderrText) && (await isTaken(endpoint.host, endpoint.port));
      const how = spawnError ? `could not be started (${spawnError.message.split('\n')[0]})` : result.status.signal ? `was killed by ${result.status.signal}` : `exited with code ${result.status.code}`;
      const error = new SockgradeError('E_EXITED_EARLY', `server ${how} after ${Math.round(result.status.afterMs)}ms, before ${awaited}`, {
        details: server.describe(),
        context,
      });
      return { error, portTakenByOther };
    }
    const late = endpoint.kind !== 'unix' && elsewhere.some((address) => address.endsWith(`:${endpoint.port} (${endpoint.kind.toUpperCase()})`));
    const hint = late ? '; it was listening by the time it was checked again: it starts too slowly' : elsewhere.length > 0 ? `; it is listening on ${elsewhere.join(', ')} instead: use the {port}/{socket} it is given (also $PORT, $SOCKET_PATH)` : '';
    const error = new SockgradeError('E_NOT_LISTENING', `server not ${awaited} after ${timeoutMs}ms${hint}`, { details: server.describe(), context });
    return { error, portTakenByOther: false };
  } catch (err) {
    if (server) await server.stop();
    else {
      await removeDir(workdir);
      if (socketDir) await removeDir(socketDir);
    }
    throw err;
  }
}

// Last resort if this process dies with servers still running: kill their groups synchronously.
const liveServers = new Set<number>();
process.once('exit', () => {
  for (const pgid of liveServers) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});
