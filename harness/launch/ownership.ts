import type { Endpoint } from './endpoint.ts';
import { ownsTcpListener } from '../probes/process-sockets.ts';
import { ownsUdpSocket } from '../probes/udp-sockets.ts';

// True when the socket found ready at the endpoint is the server's own, not another program's that took
// the port meanwhile (then the launch is retried on another port). Unix paths are private, so always true;
// elsewhere than Linux ownership cannot be read and is assumed.
// The server's own process is asked first: it almost always holds the socket itself, and asking it
// costs one /proc/<pid>/fd read; only then are all its processes listed (a fork that listens).
export async function heldByServer(endpoint: Endpoint, mainPid: number | undefined, processes: () => Promise<number[]>): Promise<boolean> {
  if (endpoint.kind === 'unix' || process.platform !== 'linux') return true;
  const owns = (pids: readonly number[]): Promise<boolean> => (endpoint.kind === 'tcp' ? ownsTcpListener(pids, endpoint.port) : ownsUdpSocket(pids, endpoint.port));
  if (mainPid !== undefined && (await owns([mainPid]))) return true;
  return owns(await processes());
}
