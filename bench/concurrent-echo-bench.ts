// `npm run bench` section for concurrent-echo: the specs against the reference through the real CLI, and the
// largest crowd of clients (ClientCrowd, as the spec drives them) the harness serves against the reference.
import path from 'node:path';
import { launchServer } from '../harness/launch/launch-server.ts';
import { referenceTargetIn } from '../harness/spec/reference-target.ts';
import { packageRoot } from '../harness/paths.ts';
import { ClientCrowd } from '../harness/clients/client-crowd.ts';
import { Transcript } from '../harness/clients/transcript.ts';
import { patternBytes } from '../harness/bytes/bytes.ts';
import { timeCli } from './cli-timing.ts';

const ms = (n: number): string => `${Math.round(n)} ms`;
const reason = (r: unknown): string => (r instanceof Error ? r.message.split('\n')[0] ?? '' : String(r));
const harnessCpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
// One crowd as the concurrent-echo spec drives it (ClientCrowd: all connects at once, no window), against
// a fresh reference; the harness's own CPU per client says whether the harness is the bottleneck.
async function crowdOnReference(clients: number): Promise<{ clients: number; wallMs: number; harnessCpuMs: number; error?: string }> {
  const server = await launchServer({ label: 'reference/concurrent-echo', endpoint: 'tcp', ...referenceLaunchOptions('concurrent-echo') });
  const transcript = new Transcript();
  const cpu0 = harnessCpuMs();
  const t0 = performance.now();
  try {
    await using crowd = await ClientCrowd.open(server.endpoint, clients, transcript, { connectTimeoutMs: 30_000 });
    for (const round of [1, 2]) {
      await crowd.run(async (c, i) => {
        const msg = Buffer.concat([Buffer.from(`${c.label} round ${round}: `), patternBytes(1024, i * 7 + round)]);
        await c.send(msg);
        await c.expect(msg, { timeoutMs: 30_000 });
      });
    }
    return { clients, wallMs: performance.now() - t0, harnessCpuMs: harnessCpuMs() - cpu0 };
  } catch (err) {
    return { clients, wallMs: performance.now() - t0, harnessCpuMs: harnessCpuMs() - cpu0, error: reason(err) };
  } finally {
    await server.stop();
  }
}

// The Markdown section: the concurrent-echo specs against the reference through the real CLI, and the
// largest crowd (up to 1000 clients) the harness drives against the reference without error.
export async function benchConcurrentClients(): Promise<string> {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  // The reference folder is a submission like any other: grade it as one.
  const dir = path.join(packageRoot, 'reference', 'concurrent-echo');
  const lines = ['## concurrent-echo: the reference through the CLI, and crowds of clients\n'];
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = await timeCli([dir]);
    if (t.exitCode !== 0) throw new Error(`the concurrent-echo reference did not pass through the CLI (exit ${t.exitCode})`);
    walls.push(t.wallMs);
  }
  walls.sort((a, b) => a - b);
  lines.push(`CLI wall time, concurrent-echo specs (9 tests) against the reference: ${ms(walls[Math.floor(walls.length / 2)] as number)} (median of ${runs})\n`);
  lines.push('| clients at once | connect + 2 rounds of 1 KiB | harness CPU | harness CPU per client | result |', '| --- | --- | --- | --- | --- |');
  let largest = 0;
  for (const n of [100, 250, 500, 1000]) {
    const r = await crowdOnReference(n);
    lines.push(`| ${n} | ${ms(r.wallMs)} | ${ms(r.harnessCpuMs)} | ${(r.harnessCpuMs / n).toFixed(2)} ms | ${r.error ?? 'ok'} |`);
    if (r.error) break;
    largest = n;
  }
  lines.push(`\nLargest client count the harness drove against the reference without error: ${largest}.`);
  return lines.join('\n');
}

// Launch settings of a built-in reference: its folder is a submission (reference/<name>/sockgrade.json).
function referenceLaunchOptions(assignment: string): { command: string; submissionDir: string } {
  const target = referenceTargetIn(path.join(packageRoot, 'reference', assignment), assignment);
  return { command: target.command, submissionDir: target.submissionDir };
}
