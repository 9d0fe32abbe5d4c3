import type { Endpoint } from './endpoint.ts';
import { findProcessesByToken } from './process-tree.ts';
import { ownsTcpListener } from '../probes/process-sockets.ts';
import { ownsUdpSocket } from '../probes/udp-sockets.ts';

// True when the socket found ready at the endpoint is the server's own, not another program's that took
// the port meanwhile (then the launch is retried on another port). Unix paths are private, so always true;
// elsewhere than Linux ownership cannot be read and is assumed.
export async function heldByServer(endpoint: Endpoint, token: string): Promise<boolean> {
  if (endpoint.kind === 'unix' || process.platform !== 'linux') return true;
  const pids = await findProcessesByToken(token);
  return endpoint.kind === 'tcp' ? ownsTcpListener(pids, endpoint.port) : ownsUdpSocket(pids, endpoint.port);
}
