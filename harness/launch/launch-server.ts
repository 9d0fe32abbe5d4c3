import type { Endpoint, EndpointKind } from './endpoint.ts';
import { resolveCommand } from './command.ts';
import { resolveVersionManagerShim } from './version-manager-shim.ts';
import { serverEnvironment } from './environment.ts';
import { newServerToken, TOKEN_VARIABLE } from './process-tree.ts';
import type { PortReservation } from './port.ts';
import { reservePort } from './port.ts';
import { allocateSocketPath } from './socket-path.ts';
import { placeholdersFor } from './placeholders.ts';
import { StartedServer } from './started-server.ts';
import type { FolderRequest } from './test-folder.ts';
import { createTestFolder, removeDir } from './test-folder.ts';
import type { StdinSource } from './spawn-server.ts';
import { spawnServer } from './spawn-server.ts';
import { awaitReadiness } from './await-readiness.ts';
import { heldByServer } from './ownership.ts';
import type { StartFailure } from './start-failure.ts';
import { diagnoseStartFailure, limitStartFailure } from './start-failure.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { WaitStrategy } from '../wait/wait-strategy.ts';
import { forListeningPort } from '../wait/for-listening-port.ts';
import { forUdpBound } from '../wait/for-udp-bound.ts';
import { forUnixListening } from '../wait/for-unix-listening.ts';
import { boundAddresses } from '../probes/process-sockets.ts';
import { busyMsSinceStart, cpuMsSinceStart } from '../probes/cpu-usage.ts';
import { systemClock } from '../time/clock.ts';
import type { Clock } from '../time/clock.ts';
import { defaultTimeouts, scaled } from '../time/timeouts.ts';
import type { ServerLimits } from '../sandbox/server-limits.ts';
import { resolveLimits } from '../sandbox/server-limits.ts';
import { createSandbox } from '../sandbox/sandbox.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import { runSettings } from '../run/run-settings.ts';

// What to start and how to know it is ready.
export interface LaunchOptions extends FolderRequest {
  // Names the program in messages: "submission" or "reference/tcp-echo".
  readonly label: string;
  // A manifest command (run through sh if it uses shell syntax) or an exact argv; placeholders are filled.
  readonly command: string | readonly string[];
  readonly endpoint: EndpointKind;
  // Runs in the working directory before the server starts (the built-in references write their program there).
  readonly prepare?: (workdir: string) => Promise<void>;
  // Runs once the endpoint is chosen, just before the server starts (a spec leaves a stale socket file there).
  readonly beforeStart?: (endpoint: Endpoint) => Promise<void>;
  readonly wait?: WaitStrategy;
  readonly startTimeoutMs?: number;
  // Nothing (default: /dev/null), bytes then EOF, or 'pipe': the test writes to server.stdin.
  readonly stdin?: StdinSource;
  readonly clock?: Clock;
  // Picks the port for each attempt (tests inject one to simulate a port stolen by another program).
  readonly allocatePort?: (host: string) => Promise<number>;
  // What the server may use (default: DEFAULT_LIMITS, CPU time scaled like the deadlines).
  readonly limits?: ServerLimits;
}

// A port that somebody else took between allocation and bind is ours to retry, never the student's fault.
const MAX_PORT_ATTEMPTS = 4;

// Starts a server under test and resolves once it is ready; rejects with a SockgradeError naming
// what was awaited, for how long, how the process ended and its stderr.
export async function launchServer(options: LaunchOptions): Promise<StartedServer> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await launchOnce(options);
    if (outcome instanceof StartedServer) return outcome;
    if (!outcome.portTakenByOther || attempt >= MAX_PORT_ATTEMPTS) throw outcome.error;
  }
}

// Where the server is to listen: a fresh socket path, or a port held for it until it stops.
async function allocateEndpoint(kind: EndpointKind, pickPort: ((host: string) => Promise<number>) | undefined): Promise<{ endpoint: Endpoint; socketDir?: string; reservation?: PortReservation }> {
  if (kind === 'unix') {
    const { dir, path } = await allocateSocketPath();
    return { endpoint: { kind, path }, socketDir: dir };
  }
  const host = '127.0.0.1';
  if (pickPort) return { endpoint: { kind, host, port: await pickPort(host) } };
  const reservation = await reservePort(host, kind);
  return { endpoint: { kind, host, port: reservation.port }, reservation };
}

function defaultStrategy(kind: EndpointKind, sandbox: Sandbox): WaitStrategy {
  // A cgroup lists the server's whole process tree in one small file: cheap enough to gate each poll on.
  const processes = sandbox.enforcement === 'cgroups' ? () => sandbox.pids() : undefined;
  return kind === 'tcp' ? forListeningPort(processes ? { processes } : {}) : kind === 'udp' ? forUdpBound(processes ? { processes } : {}) : forUnixListening();
}

// One attempt: endpoint and folder, spawn, readiness race, then either the ready server or why it failed.
async function launchOnce(options: LaunchOptions): Promise<StartedServer | StartFailure> {
  const { endpoint, socketDir, reservation } = await allocateEndpoint(options.endpoint, options.allocatePort);
  const folder = await createTestFolder(options).catch(async (err: unknown) => {
    reservation?.release();
    if (socketDir) await removeDir(socketDir);
    throw err;
  });
  let server: StartedServer | undefined;
  let sandbox: Sandbox | undefined;
  try {
    await options.prepare?.(folder.workdir);
    await options.beforeStart?.(endpoint);
    const values = placeholdersFor(endpoint, { ...(folder.root ? { root: folder.root.path } : {}), ...(folder.logPath ? { log: folder.logPath } : {}) });
    const command = resolveCommand(options.command, values);
    const token = newServerToken();
    const settings = runSettings();
    const limits = options.limits ?? resolveLimits([], settings.timeoutScale);
    const env = serverEnvironment(values, folder.workdir, [TOKEN_VARIABLE, token]);
    const direct = await resolveVersionManagerShim(command, env, folder.workdir, options.submissionDir);
    sandbox = await createSandbox(limits, token, { cgroups: settings.cgroups !== false });
    const spawned = await spawnServer({ command: sandbox.wrap(direct?.command ?? command), cwd: folder.workdir, env: direct?.env ?? env, stdin: options.stdin });
    server = new StartedServer({ label: options.label, endpoint, folder, ...(socketDir ? { socketDir } : {}), ...(reservation ? { reservation } : {}), token, sandbox, ...spawned });

    const strategy = options.wait ?? defaultStrategy(endpoint.kind, sandbox);
    const timeoutMs = options.startTimeoutMs ?? scaled(defaultTimeouts.startMs);
    let readiness = await awaitReadiness(strategy, endpoint, spawned.exited, timeoutMs, options.clock ?? systemClock, sandbox.limitReached);
    if (readiness.kind === 'deadline') {
      const extraMs = await untilCpuLimitMs(await server.processes(), performance.now() - spawned.startedAt, limits.cpuSeconds * 1000, timeoutMs);
      if (extraMs > 0) {
        const later = await awaitReadiness(strategy, endpoint, spawned.exited, extraMs, options.clock ?? systemClock, sandbox.limitReached);
        if (later.kind === 'exited') readiness = later;
      }
    }
    const decidedAfterMs = performance.now() - spawned.startedAt;
    const context = { endpoint, awaited: strategy.describe(endpoint), label: options.label, command: command.display, timeoutMs };
    if (readiness.kind === 'ready') {
      // A limit hit before it listened (a fork refused, say) decides the start, whatever happened next.
      const hit = await server.limitHit();
      if (hit) {
        await server.stop();
        return { error: limitStartFailure(hit, { ...context, afterMs: decidedAfterMs, report: server.describe() }), portTakenByOther: false };
      }
      if (await heldByServer(endpoint, spawned.pid, () => (server as StartedServer).processes())) return server;
      await server.stop();
      return { error: new SockgradeError('E_NOT_LISTENING', `port ${describePort(endpoint)} is held by another program, not the server`, { details: server.describe() }), portTakenByOther: true };
    }
    // Where it listens instead, and how busy it was, can only be read while it still runs.
    const running = readiness.kind === 'deadline' ? await server.processes() : [];
    const boundElsewhere = await boundAddresses(running);
    const busy = { busyMs: await busyMsSinceStart(running), aliveMs: performance.now() - spawned.startedAt };
    await server.stop();
    const hit = await server.limitHit({ withStderr: true });
    if (hit) {
      const afterMs = readiness.kind === 'exited' ? readiness.status.afterMs : decidedAfterMs;
      return { error: limitStartFailure(hit, { ...context, afterMs, report: server.describe() }), portTakenByOther: false };
    }
    const spawnError = spawned.spawnError();
    return await diagnoseStartFailure({
      readiness,
      ...context,
      boundElsewhere,
      ...busy,
      stderr: spawned.stderr.lines('').join('\n'),
      ...(spawnError ? { spawnError } : {}),
      report: server.describe(),
    });
  } catch (err) {
    if (server) await server.stop();
    else {
      await sandbox?.release();
      reservation?.release();
      await removeDir(folder.dir);
      if (socketDir) await removeDir(socketDir);
    }
    throw err;
  }
}

// How much longer to wait for a server that was computing all along when the start timeout passed, with
// CPU time left under its limit: that limit will stop it, and on a machine with more busy processes than
// cores (nine servers of one spec start at once) it gets only a share of a core, so the limit comes after
// the timeout. Waiting for it (the time its share needs to use up the rest, plus a second, at most two more
// start timeouts) makes the verdict name the limit on every run, not on a quiet machine only; the server
// still fails to start either way. 0 when it was not computing or has no CPU time left to use.
async function untilCpuLimitMs(pids: readonly number[], aliveMs: number, cpuLimitMs: number, timeoutMs: number): Promise<number> {
  if (pids.length === 0 || aliveMs <= 0) return 0;
  const [busyMs, cpuMs] = await Promise.all([busyMsSinceStart(pids), cpuMsSinceStart(pids)]);
  if (busyMs / aliveMs < 0.5 || cpuMs >= cpuLimitMs) return 0;
  const share = Math.max(cpuMs / aliveMs, 0.05);
  return Math.min(Math.ceil((cpuLimitMs - cpuMs) / share) + 1000, 2 * timeoutMs);
}

function describePort(endpoint: Endpoint): string {
  return endpoint.kind === 'unix' ? endpoint.path : String(endpoint.port);
}
