import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { launchServer } from '../launch/launch-server.ts';
import { findProcessesByToken } from '../launch/process-tree.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import type { SockgradeErrorCode } from '../errors/sockgrade-error.ts';
import { runSettings, useRunSettings } from '../run/run-settings.ts';
import { StreamClient } from '../clients/stream-client.ts';
import { Transcript } from '../clients/transcript.ts';
import { pollUntil } from '../probes/wait-until.ts';
import type { ServerLimits } from './server-limits.ts';
import { resolveLimits } from './server-limits.ts';
import { canUseCgroups, runCgroups } from './server-cgroup.ts';

// Tiny servers written inline, each doing the one greedy thing before (or after) it listens.
const LISTEN = `require('net').createServer(s => s.pipe(s)).listen(+process.argv[1], '127.0.0.1');`;
const node = (source: string): string[] => [process.execPath, '-e', source, '{port}'];
const limited = (limits: Partial<ServerLimits>): ServerLimits => resolveLimits([limits]);

async function startFailure(command: string | string[], limits: Partial<ServerLimits>): Promise<Error> {
  // A start timeout long enough for a spinner to use up 2 s of CPU on a loaded machine.
  const failure = await launchServer({ label: 'test', endpoint: 'tcp', command, limits: limited(limits), startTimeoutMs: 30_000 }).then(
    async (server) => {
      await server.stop();
      return new Error('started');
    },
    (err: unknown) => err as Error,
  );
  return failure;
}

function expectCode(err: Error, code: SockgradeErrorCode, message: RegExp): void {
  expect(err.message).toMatch(message);
  expect(isSockgradeError(err, code)).toBe(true);
}

const cgroups = process.platform === 'linux' && (await canUseCgroups());
const outer = runSettings();
afterEach(() => useRunSettings(outer));

// Each test waits for a kernel to enforce a limit: seconds of CPU, a memory fill.
const SLOW = { timeout: 45_000 };

describe.runIf(process.platform === 'linux')('limits without cgroups (rlimits)', SLOW, () => {
  beforeEach(() => useRunSettings({ ...outer, cgroups: false }));

  test('a process that uses up its CPU time is killed by SIGXCPU', async () => {
    const err = await startFailure(node('for (;;);'), { cpuSeconds: 1 });
    expectCode(err, 'E_LIMIT_CPU', /^server exceeded the CPU time limit of 1 s \(killed by SIGXCPU\) within \d+ms of its start, before listening on 127\.0\.0\.1:\d+ \(TCP\)/);
  });

  test('a write past the file size limit: Node ignores SIGXFSZ and fails with EFBIG; the file stopped at the limit', async () => {
    const err = await startFailure(node(`require('fs').writeFileSync('big.bin', Buffer.alloc(3 << 20)); ${LISTEN}`), { fileSizeMiB: 1 });
    expectCode(err, 'E_LIMIT_FILE_SIZE', /exceeded the file size limit of 1 MiB \(work\/big\.bin stopped growing at the limit\)/);
  });

  test('memory is bounded by RLIMIT_DATA (four times the limit): the failed allocation is in stderr', async () => {
    const err = await startFailure(node(`const table = Buffer.alloc(512 << 20, 1); ${LISTEN}`), { memoryMiB: 64 });
    expectCode(err, 'E_LIMIT_MEMORY', /exceeded the memory limit of 64 MiB \(without cgroups: at most 256 MiB reserved, thread stacks included\) \(its stderr says an allocation failed\)/);
  });

  test('a program that cannot be run is named as such, through the wrapper', async () => {
    const err = await startFailure('no-such-program-xyz {port}', {});
    expectCode(err, 'E_EXITED_EARLY', /^server could not be started \(no-such-program-xyz: not found\)/);
  });
});

describe.runIf(cgroups)('limits with cgroups', SLOW, () => {
  test('a memory hog is OOM-killed at its limit and nothing of it is left', async () => {
    const err = await startFailure(node(`const table = Buffer.alloc(512 << 20, 1); ${LISTEN}`), { memoryMiB: 64 });
    expectCode(err, 'E_LIMIT_MEMORY', /^server exceeded the memory limit of 64 MiB \(the kernel's OOM killer killed 1 process of it\) within \d+ms of its start/);
    expect(runCgroups(`${runSettings().runId}.`)).toEqual([]);
  });

  test('a fork bomb that carries on is stopped at the start by the first refused fork; every child is killed', async () => {
    const err = await startFailure(`for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 60 & done; exec ${process.execPath} -e "${LISTEN.replace(/'/g, '"').replace(/"/g, '\\"')}" {port}`, { processes: 8 });
    expectCode(err, 'E_LIMIT_PROCESSES', /^server exceeded the limit of 8 processes and threads \(\d+ fork or new threads? refused\)/);
    expect(await findProcessesByToken(`${runSettings().runId}.`, { prefix: true })).toEqual([]);
    expect(runCgroups(`${runSettings().runId}.`)).toEqual([]);
  });

  test('a process that ignores SIGXCPU is killed at the hard limit, and the cgroup shows it used the time', async () => {
    const err = await startFailure(node(`process.on('SIGXCPU', () => {}); for (;;);`), { cpuSeconds: 1 });
    expectCode(err, 'E_LIMIT_CPU', /exceeded the CPU time limit of 1 s \(killed by SIGKILL at the hard limit after ignoring SIGXCPU/);
  });

  test('a limit hit after the start (a client makes it grab memory) is found once the server is stopped', async () => {
    await using server = await launchServer({ label: 'test', endpoint: 'tcp', command: node(`require('net').createServer(s => { globalThis.t = Buffer.alloc(512 << 20, 1); s.pipe(s); }).listen(+process.argv[1], '127.0.0.1');`), limits: limited({ memoryMiB: 64 }) });
    const folder = server.parts.folder.dir;
    await using client = await StreamClient.connect(server.endpoint, 'client 1', new Transcript());
    expect(await pollUntil(async () => server.exitStatus !== undefined, 8000)).toBe(true);
    await server.stop();
    expect((await server.limitHit())?.code).toBe('E_LIMIT_MEMORY');
    expect(existsSync(folder)).toBe(false);
    expect(runCgroups(`${runSettings().runId}.`)).toEqual([]);
  });

  test('a correct server within its limits passes untouched', async () => {
    await using server = await launchServer({ label: 'test', endpoint: 'tcp', command: node(LISTEN), limits: limited({}) });
    expect((await server.limitHit())).toBeUndefined();
    expect(server.parts.sandbox.enforcement).toBe('cgroups');
    await server.stop();
    expect(await server.limitHit({ withStderr: true })).toBeUndefined();
  });
});
