import type { Endpoint } from '../launch/endpoint.ts';
import { SockgradeError, isSockgradeError } from '../errors/sockgrade-error.ts';
import { defaultTimeouts, scaled } from '../time/timeouts.ts';
import { StreamClient } from './stream-client.ts';
import { connectPaced } from './paced-connect.ts';
import type { Transcript } from './transcript.ts';

// What went wrong for one client of a crowd.
export interface ClientFailure {
  readonly label: string;
  readonly error: unknown;
}

export interface CrowdOptions {
  // Clients are named `${prefix} 1` … `${prefix} n`.
  readonly prefix?: string;
  readonly connectTimeoutMs?: number;
  // At most this many failures are spelled out in the message; the rest are counted.
  readonly shownFailures?: number;
}

const shortOf = (error: unknown): string => (isSockgradeError(error) ? error.shortMessage : error instanceof Error ? error.message : String(error));

// One aggregate error for a crowd: "12 of 100 clients failed: client 7: …; client 9: …", details in full.
export function crowdFailure(total: number, failures: readonly ClientFailure[], { lead = '', shown = 5 }: { lead?: string; shown?: number } = {}): SockgradeError {
  const listed = failures.slice(0, shown).map((f) => `${f.label}: ${shortOf(f.error).replace(new RegExp(`^${f.label} `), '')}`);
  const more = failures.length > shown ? `; … and ${failures.length - shown} more` : '';
  const head = `${failures.length} of ${total} clients failed${lead ? ` (${lead})` : ''}: ${listed.join('; ')}${more}`;
  const details = failures
    .slice(0, shown)
    .map((f) => (isSockgradeError(f.error) && f.error.details ? `${f.label}:\n${f.error.details}` : ''))
    .filter(Boolean)
    .join('\n');
  return new SockgradeError('E_CLIENTS', head, { details, context: { clients: total, failed: failures.length } });
}

// Many stream clients connected to one server at the same time, each running its own script
// concurrently; failures are gathered per client, not stopped at the first one.
export class ClientCrowd implements AsyncDisposable {
  private constructor(readonly clients: readonly StreamClient[], readonly shownFailures: number) {}

  // Connects n clients so that all are connected at once, opened no faster than the server accepts them
  // (connectPaced: a correct server with a small listen backlog, e.g. socketserver's 5, is never overflowed);
  // if one cannot connect, all are closed and the error says how many got in.
  static async open(endpoint: Endpoint, n: number, transcript: Transcript, { prefix = 'client', connectTimeoutMs = scaled(defaultTimeouts.expectMs * 2), shownFailures = 5 }: CrowdOptions = {}): Promise<ClientCrowd> {
    // A server that stops accepting for 1 s still gets every client (queued by the kernel): the conversations
    // then show what it does with them, and a test about something else (descriptors, zombies) still measures it.
    const onStall = (why: string): void => transcript.record('harness', 'note', `${why}; connecting the rest without waiting for accept()`);
    const clients = await connectPaced(endpoint, n, (i) => StreamClient.connect(endpoint, `${prefix} ${i + 1}`, transcript, { timeoutMs: connectTimeoutMs }), { onStall, stallMs: scaled(1000) });
    return new ClientCrowd(clients, shownFailures);
  }

  get size(): number {
    return this.clients.length;
  }

  // Runs script on every client at once and waits for all; returns the failures (in client order).
  async collect(script: (client: StreamClient, index: number) => Promise<void>): Promise<ClientFailure[]> {
    const settled = await Promise.allSettled(this.clients.map((client, i) => script(client, i)));
    return settled.flatMap((s, i) => (s.status === 'rejected' ? [{ label: (this.clients[i] as StreamClient).label, error: s.reason }] : []));
  }

  // Runs script on every client at once; throws one aggregate error if any client failed.
  async run(script: (client: StreamClient, index: number) => Promise<void>, { lead }: { lead?: (failures: readonly ClientFailure[]) => string } = {}): Promise<void> {
    const failures = await this.collect(script);
    if (failures.length > 0) throw crowdFailure(this.size, failures, { lead: lead?.(failures) ?? '', shown: this.shownFailures });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await Promise.all(this.clients.map((c) => c[Symbol.asyncDispose]()));
  }
}
