// How many clients at once the harness drives, and what it costs: N clients connected together against a
// concurrent reference server, each echoed its own bytes in rounds, through StreamClient (as a spec does)
// and through bare sockets (the floor). `npx tsx bench/concurrent-clients.ts [N …]`, or import it.
import path from 'node:path';
import net from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { launchServer } from '../harness/launch/launch-server.ts';
import { referenceTargetIn } from '../harness/spec/reference-target.ts';
import { packageRoot } from '../harness/paths.ts';
import type { Endpoint } from '../harness/launch/endpoint.ts';
import type { StartedServer } from '../harness/launch/started-server.ts';
import { StreamClient } from '../harness/clients/stream-client.ts';
import { connectPaced } from '../harness/clients/paced-connect.ts';
import { Transcript } from '../harness/clients/transcript.ts';
import { patternBytes } from '../harness/bytes/bytes.ts';

export type Driver = 'harness' | 'raw';

export interface CrowdRunOptions {
  readonly driver?: Driver;
  readonly rounds?: number;
  // Payload bytes per client per round (after a "client i round r: " prefix).
  readonly bytes?: number;
  // Connects in flight at once; below the server's listen backlog (the reference's is 511), so no SYN is
  // dropped and no connect waits out a 1 s retransmission.
  readonly connectWindow?: number;
  // Instead of a window: connectPaced with this many pending (accept queue + in flight), as ClientCrowd does.
  readonly paced?: number;
  // Deadline for one client's connect or round trip: generous, a bench measures rather than judges.
  readonly timeoutMs?: number;
}

export interface CrowdRun {
  readonly driver: Driver;
  readonly connect: string;
  readonly clients: number;
  readonly connectMs: number;
  readonly roundMs: readonly number[];
  // CPU time of this process (the harness side) and of the server, over connects and rounds.
  readonly harnessCpuMs: number;
  readonly serverCpuMs: number;
  readonly failures: number;
  readonly firstFailure?: string;
}

// The connection one bench client holds, whichever driver made it.
interface BenchClient {
  roundTrip(message: Buffer, timeoutMs: number): Promise<void>;
  close(): void;
}

// Nanoseconds the processes' threads ran on a CPU (first field of /proc/<pid>/task/<tid>/schedstat).
async function runNanoseconds(pids: readonly number[]): Promise<number> {
  let total = 0;
  for (const pid of pids) {
    for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
      const text = await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => '');
      const run = Number(text.split(' ')[0]);
      if (Number.isFinite(run)) total += run;
    }
  }
  return total;
}

const harnessCpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

// A client as a spec has it: StreamClient, its bytes recorded in the test's transcript.
async function harnessClient(endpoint: Endpoint, label: string, transcript: Transcript, timeoutMs: number): Promise<BenchClient> {
  const client = await StreamClient.connect(endpoint, label, transcript, { timeoutMs });
  return {
    roundTrip: async (message, ms) => {
      await client.send(message);
      await client.expect(message, { timeoutMs: ms });
    },
    close: () => void client[Symbol.asyncDispose](),
  };
}

// The floor: a bare socket that collects what comes back and compares once enough has arrived.
function rawClient(endpoint: Endpoint, timeoutMs: number): Promise<BenchClient> {
  if (endpoint.kind === 'unix') throw new TypeError('the bench drives TCP');
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: endpoint.host, port: endpoint.port, noDelay: true });
    const timer = setTimeout(() => reject(new Error(`connect timed out after ${timeoutMs}ms`)), timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      let chunks: Buffer[] = [];
      let got = 0;
      let waiting: (() => void) | undefined;
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        got += chunk.length;
        waiting?.();
      });
      resolve({
        roundTrip: (message, ms) =>
          new Promise<void>((done, fail) => {
            const t = setTimeout(() => fail(new Error(`got ${got} of ${message.length} bytes within ${ms}ms`)), ms);
            waiting = () => {
              if (got < message.length) return;
              clearTimeout(t);
              waiting = undefined;
              const back = Buffer.concat(chunks);
              chunks = [];
              got = 0;
              if (back.equals(message)) done();
              else fail(new Error('received other bytes than it sent'));
            };
            socket.write(message);
          }),
        close: () => socket.destroy(),
      });
    });
  });
}

// Opens `count` connections with at most `window` connects in flight; settles every one.
async function connectAll<T>(count: number, window: number, open: (index: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(count);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await open(i).then(
        (value) => ({ status: 'fulfilled' as const, value }),
        (reason: unknown) => ({ status: 'rejected' as const, reason }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, count) }, lane));
  return results;
}

const reason = (r: unknown): string => (r instanceof Error ? r.message.split('\n')[0] ?? '' : String(r));

// Drives `clients` connections against a running server: all connected together, then every client echoes
// its own bytes in each round (all at once); one failure does not stop the others, it is counted.
export async function driveClients(server: StartedServer, clients: number, { driver = 'harness', rounds = 2, bytes = 1024, connectWindow = 128, paced, timeoutMs = 30_000 }: CrowdRunOptions = {}): Promise<CrowdRun> {
  const transcript = new Transcript();
  const pids = await server.processes();
  const cpu0 = harnessCpuMs();
  const server0 = await runNanoseconds(pids);
  const t0 = performance.now();
  const open = (i: number): Promise<BenchClient> => (driver === 'harness' ? harnessClient(server.endpoint, `client ${i + 1}`, transcript, timeoutMs) : rawClient(server.endpoint, timeoutMs));
  const opened =
    paced === undefined
      ? await connectAll(clients, connectWindow, open)
      : await connectPaced(server.endpoint, clients, (i) => open(i).then((c) => ({ ...c, [Symbol.asyncDispose]: async () => c.close() })), { pending: paced }).then(
          (all) => all.map((value) => ({ status: 'fulfilled' as const, value })),
          (reason: unknown) => [{ status: 'rejected' as const, reason }],
        );
  const connectMs = performance.now() - t0;
  const connected = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const errors = opened.flatMap((r) => (r.status === 'rejected' ? [`connect: ${reason(r.reason)}`] : []));
  const roundMs: number[] = [];
  for (let round = 1; round <= rounds && errors.length === 0; round++) {
    const start = performance.now();
    const settled = await Promise.allSettled(
      connected.map((c, i) => c.roundTrip(Buffer.concat([Buffer.from(`client ${i + 1} round ${round}: `), patternBytes(bytes, i * 7 + round)]), timeoutMs)),
    );
    roundMs.push(performance.now() - start);
    errors.push(...settled.flatMap((s) => (s.status === 'rejected' ? [`round ${round}: ${reason(s.reason)}`] : [])));
  }
  const harnessCpu = harnessCpuMs() - cpu0;
  const serverCpu = ((await runNanoseconds(pids)) - server0) / 1e6;
  for (const c of connected) c.close();
  return { driver, connect: paced === undefined ? `${connectWindow} in flight` : `paced, ${paced} pending`, clients, connectMs, roundMs, harnessCpuMs: harnessCpu, serverCpuMs: serverCpu, failures: errors.length, ...(errors[0] ? { firstFailure: errors[0] } : {}) };
}

// One fresh reference server per run (reference/concurrent-echo when it exists, else tcp-echo's: both are
// one Node event loop serving every connection at once).
export async function measureConcurrentClients(counts: readonly number[], options: CrowdRunOptions = {}): Promise<CrowdRun[]> {
  const assignment = await readFile(new URL('../reference/concurrent-echo/server.ts', import.meta.url)).then(() => 'concurrent-echo', () => 'tcp-echo');
  const runs: CrowdRun[] = [];
  for (const clients of counts) {
    const server = await launchServer({ label: `reference/${assignment}`, endpoint: 'tcp', ...referenceLaunchOptions(assignment) });
    try {
      runs.push(await driveClients(server, clients, options));
    } finally {
      await server.stop();
    }
    if (runs.at(-1)?.failures) break;
  }
  return runs;
}

const ms = (n: number): string => `${Math.round(n)} ms`;

// The Markdown table `npm run bench` prints.
export function crowdTable(runs: readonly CrowdRun[]): string {
  const lines = ['| driver | connects | clients | connect all | round 1 | round 2 | harness CPU | server CPU | failures |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const r of runs) {
    const failed = r.failures ? `${r.failures} (${r.firstFailure})` : '0';
    lines.push(`| ${r.driver} | ${r.connect} | ${r.clients} | ${ms(r.connectMs)} | ${r.roundMs[0] === undefined ? '–' : ms(r.roundMs[0])} | ${r.roundMs[1] === undefined ? '–' : ms(r.roundMs[1])} | ${ms(r.harnessCpuMs)} | ${ms(r.serverCpuMs)} | ${failed} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const counts = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const list = counts.length > 0 ? counts : [100, 250, 500, 1000, 2000, 4000];
  console.log(`# concurrent clients — ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}, 2 rounds of 1 KiB per client\n`);
  const harness = await measureConcurrentClients(list, { driver: 'harness' });
  const raw = await measureConcurrentClients(list, { driver: 'raw' });
  const paced = await measureConcurrentClients(list.filter((n) => n <= 1000), { driver: 'harness', paced: 2 });
  console.log(crowdTable([...harness, ...raw, ...paced]));
  const largest = harness.filter((r) => r.failures === 0).at(-1)?.clients ?? 0;
  console.log(`\nLargest client count the harness drove without error: ${largest}${harness.length < list.length || harness.at(-1)?.failures ? '' : ' (the largest tried)'}.`);
}

// Launch settings of a built-in reference: its folder is a submission (reference/<name>/sockgrade.json).
function referenceLaunchOptions(assignment: string): { command: string; submissionDir: string } {
  const target = referenceTargetIn(path.join(packageRoot, 'reference', assignment), assignment);
  return { command: target.command, submissionDir: target.submissionDir };
}
