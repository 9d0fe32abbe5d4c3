import type { Endpoint } from './endpoint.ts';
import { describeEndpoint } from './endpoint.ts';
import type { Readiness } from './await-readiness.ts';
import { isTcpPortTaken, isUdpPortTaken } from './port.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { LimitHit } from '../sandbox/limit-verdict.ts';
import { describeLimitHit } from '../sandbox/limit-verdict.ts';
import { SANDBOX_NAME } from '../sandbox/sandbox-command.ts';

// What was seen of a server that did not become ready, gathered before it was stopped.
export interface StartEvidence {
  readonly readiness: Exclude<Readiness, { kind: 'ready' }>;
  readonly endpoint: Endpoint;
  // What was awaited, for the message: "listening on 127.0.0.1:41234 (TCP)".
  readonly awaited: string;
  readonly label: string;
  readonly command: string;
  readonly timeoutMs: number;
  // Where its processes listen instead (read at the deadline, while they still ran).
  readonly boundElsewhere: readonly string[];
  // How long its processes were busy (running, or runnable and waiting for a CPU) since they started, read
  // at the deadline (0 where it cannot be read), and how long it had been running then.
  readonly busyMs: number;
  readonly aliveMs: number;
  readonly stderr: string;
  readonly spawnError?: Error;
  // The server's report (command, exit status, output tails), taken once it was stopped.
  readonly report: string;
}

export interface StartFailure {
  readonly error: SockgradeError;
  // True when the port was taken by another program between allocation and bind: the harness's problem, retried.
  readonly portTakenByOther: boolean;
}

// A server busy at least this share of its life was computing, not waiting for something.
const BUSY_SHARE = 0.5;

const ADDRESS_IN_USE = /address already in use|EADDRINUSE|errno 98\b/i;

// Names why a server did not start: it exited (with its code or signal), could not be spawned, listens
// elsewhere, or starts too slowly; each verdict says what was awaited and for how long.
export async function diagnoseStartFailure(evidence: StartEvidence): Promise<StartFailure> {
  const { readiness, endpoint, awaited, report } = evidence;
  const context = { label: evidence.label, command: evidence.command, endpoint: describeEndpoint(endpoint), timeoutMs: evidence.timeoutMs };
  if (readiness.kind === 'exited') {
    const { status } = readiness;
    const notRun = notStarted(status.code, evidence.stderr);
    const how = evidence.spawnError ? `could not be started (${evidence.spawnError.message.split('\n')[0]})` : notRun ? `could not be started (${notRun})` : status.signal ? `was killed by ${status.signal}` : `exited with code ${status.code}`;
    const error = new SockgradeError('E_EXITED_EARLY', `server ${how} after ${Math.round(status.afterMs)}ms, before ${awaited}`, { details: report, context: { ...context, exitCode: status.code, signal: status.signal } });
    return { error, portTakenByOther: await portTakenByOther(endpoint, evidence.stderr) };
  }
  const late = endpoint.kind !== 'unix' && evidence.boundElsewhere.some((address) => address.endsWith(`:${endpoint.port} (${endpoint.kind.toUpperCase()})`));
  const hint = late
    ? '; it was listening by the time it was checked again: it starts too slowly'
    : evidence.boundElsewhere.length > 0
      ? `; it is listening on ${evidence.boundElsewhere.join(', ')} instead: use the {port}/{socket} it is given (also $PORT, $SOCKET_PATH)`
      : evidence.busyMs >= BUSY_SHARE * evidence.aliveMs
        ? `; it was busy computing (running or waiting for a CPU ${Math.min(100, Math.round((100 * evidence.busyMs) / evidence.aliveMs))}% of the time): a loop that never ends before listen()?`
        : '';
  const error = new SockgradeError('E_NOT_LISTENING', `server not ${awaited} after ${evidence.timeoutMs}ms${hint}`, { details: report, context });
  return { error, portTakenByOther: false };
}

// The wrapper's own complaint when the program could not be run at all (exit 127: not found, 126: not
// executable): "sockgrade-sandbox: 1: exec: ./server: Permission denied" → "./server: Permission denied".
function notStarted(code: number | null, stderr: string): string | undefined {
  if (code !== 126 && code !== 127) return undefined;
  const line = stderr.split('\n').find((text) => text.trimStart().startsWith(`${SANDBOX_NAME}:`));
  return line?.replace(new RegExp(`^\\s*${SANDBOX_NAME}:( \\d+:)?( exec:)? `), '');
}

// The verdict on a server that ran into one of its limits before it was ready (whatever followed: it
// exited, never listened, or listened anyway), named by the limit, not by what it caused.
export function limitStartFailure(hit: LimitHit, evidence: { readonly endpoint: Endpoint; readonly awaited: string; readonly label: string; readonly command: string; readonly timeoutMs: number; readonly afterMs: number; readonly report: string }): SockgradeError {
  const context = { label: evidence.label, command: evidence.command, endpoint: describeEndpoint(evidence.endpoint), timeoutMs: evidence.timeoutMs, limit: hit.limit };
  return new SockgradeError(hit.code, `server ${describeLimitHit(hit)} within ${Math.round(evidence.afterMs)}ms of its start, before ${evidence.awaited}`, { details: evidence.report, context });
}

// A server that died saying "address already in use" on a port someone else now holds lost a race we started.
async function portTakenByOther(endpoint: Endpoint, stderr: string): Promise<boolean> {
  if (endpoint.kind === 'unix' || !ADDRESS_IN_USE.test(stderr)) return false;
  return endpoint.kind === 'tcp' ? isTcpPortTaken(endpoint.host, endpoint.port) : isUdpPortTaken(endpoint.host, endpoint.port);
}
