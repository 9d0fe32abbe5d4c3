import type { Endpoint } from './endpoint.ts';
import { describeEndpoint } from './endpoint.ts';
import type { Readiness } from './await-readiness.ts';
import { isTcpPortTaken } from './port.ts';
import { isUdpPortTaken } from './udp-port.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';

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

const ADDRESS_IN_USE = /address already in use|EADDRINUSE|errno 98\b/i;

// Names why a server did not start: it exited (with its code or signal), could not be spawned, listens
// elsewhere, or starts too slowly; each verdict says what was awaited and for how long.
export async function diagnoseStartFailure(evidence: StartEvidence): Promise<StartFailure> {
  const { readiness, endpoint, awaited, report } = evidence;
  const context = { label: evidence.label, command: evidence.command, endpoint: describeEndpoint(endpoint), timeoutMs: evidence.timeoutMs };
  if (readiness.kind === 'exited') {
    const { status } = readiness;
    const how = evidence.spawnError ? `could not be started (${evidence.spawnError.message.split('\n')[0]})` : status.signal ? `was killed by ${status.signal}` : `exited with code ${status.code}`;
    const error = new SockgradeError('E_EXITED_EARLY', `server ${how} after ${Math.round(status.afterMs)}ms, before ${awaited}`, { details: report, context: { ...context, exitCode: status.code, signal: status.signal } });
    return { error, portTakenByOther: await portTakenByOther(endpoint, evidence.stderr) };
  }
  const late = endpoint.kind !== 'unix' && evidence.boundElsewhere.some((address) => address.endsWith(`:${endpoint.port} (${endpoint.kind.toUpperCase()})`));
  const hint = late
    ? '; it was listening by the time it was checked again: it starts too slowly'
    : evidence.boundElsewhere.length > 0
      ? `; it is listening on ${evidence.boundElsewhere.join(', ')} instead: use the {port}/{socket} it is given (also $PORT, $SOCKET_PATH)`
      : '';
  const error = new SockgradeError('E_NOT_LISTENING', `server not ${awaited} after ${evidence.timeoutMs}ms${hint}`, { details: report, context });
  return { error, portTakenByOther: false };
}

// A server that died saying "address already in use" on a port someone else now holds lost a race we started.
async function portTakenByOther(endpoint: Endpoint, stderr: string): Promise<boolean> {
  if (endpoint.kind === 'unix' || !ADDRESS_IN_USE.test(stderr)) return false;
  return endpoint.kind === 'tcp' ? isTcpPortTaken(endpoint.host, endpoint.port) : isUdpPortTaken(endpoint.host, endpoint.port);
}
