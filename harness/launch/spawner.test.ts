import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { spawn as spawnProcess } from 'node:child_process';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSpawner } from './spawner-service.ts';
import type { SpawnerService } from './spawner-service.ts';
import { spawnThroughSpawner } from './spawner-client.ts';
import type { ServerProcess, SpawnOptions } from './spawn-server.ts';
import { readFrames, sendFrame } from './spawner-protocol.ts';
import type { SpawnerReply } from './spawner-protocol.ts';
import { pollUntil } from '../probes/wait-until.ts';
import { packageRoot } from '../paths.ts';

// These run the built spawner (dist/spawner.js): `npm test` builds first.
let dir: string;
let spawner: SpawnerService;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-spawner-'));
  const started = startSpawner(dir);
  if (!started) throw new Error('no spawner: is dist/ built (npm run build)?');
  spawner = started;
  expect(await spawner.ready).toBe(true);
});

afterAll(async () => {
  await spawner.close();
  await rm(dir, { recursive: true, force: true });
});

const sh = (script: string, stdin?: SpawnOptions['stdin']): SpawnOptions => ({ command: { file: '/bin/sh', args: ['-c', script], display: script }, cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, ...(stdin !== undefined ? { stdin } : {}) });

async function spawn(options: SpawnOptions): Promise<ServerProcess> {
  const server = await spawnThroughSpawner(spawner.socketPath, options);
  if (!server) throw new Error('the spawner could not be reached');
  return server;
}

const alive = (pid: number): boolean => existsSync(`/proc/${pid}`) && !/^\S+ \(.*\) Z/.test(readStat(pid));
function readStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return '';
  }
}

describe('the spawner', () => {
  test("relays a server's pid, output and exit status; it runs in its cwd, with only the env it is given, in its own group", async () => {
    const server = await spawn(sh('echo "out $PWD $HOME"; echo err >&2; set -- $(cat /proc/$$/stat); [ "$5" = "$$" ] && exit 3; exit 4'));
    expect(server.pid).toBeGreaterThan(0);
    const status = await server.exited;
    await server.outputEnded();
    expect(status).toMatchObject({ code: 3, signal: null });
    expect(server.stdout.lines('')).toEqual([` out ${dir}`]);
    expect(server.stderr.lines('')).toEqual([' err']);
    expect(server.spawnError()).toBeUndefined();
  });

  test('a program that cannot be started: no pid, the reason, status 127', async () => {
    const server = await spawn({ command: { file: path.join(dir, 'missing-program'), args: [], display: 'missing-program' }, cwd: dir, env: {} });
    expect(server.pid).toBeUndefined();
    expect((await server.exited).code).toBe(127);
    expect(server.spawnError()).toMatchObject({ code: 'ENOENT' });
    expect(server.spawnError()?.message).toMatch(/ENOENT/);
  });

  test('stdin: given bytes then EOF, or a pipe the test writes and ends; a write after the server exits fails with EPIPE', async () => {
    const given = await spawn(sh('cat', 'hello\n'));
    await given.exited;
    await given.outputEnded();
    expect(given.stdout.lines('')).toEqual([' hello']);

    const piped = await spawn(sh('head -n 1; exit 0', 'pipe'));
    const stdin = piped.stdin;
    if (!stdin) throw new Error('no stdin pipe');
    await new Promise<void>((resolve, reject) => stdin.write('first line\n', (err) => (err ? reject(err) : resolve())));
    expect((await piped.exited).code).toBe(0);
    await piped.outputEnded();
    expect(piped.stdout.lines('')).toEqual([' first line']);
    const late = await new Promise<Error | null | undefined>((resolve) => stdin.write('too late\n', resolve));
    expect(late).toMatchObject({ code: 'EPIPE' });
  });

  test('a server that floods its stdout: every byte counted, the newest kept, nothing held in memory', async () => {
    const server = await spawn(sh('head -c 50000000 /dev/zero | tr "\\0" "x"; echo; echo last line'));
    await server.exited;
    await server.outputEnded();
    expect(server.stdout.totalBytes).toBe(50_000_000 + 1 + 10);
    expect(server.stdout.lines('').at(-1)).toBe(' last line');
  });

  test('servers still running when their worker goes are killed with it', async () => {
    const socket = connect(spawner.socketPath);
    await new Promise((resolve) => socket.once('connect', resolve));
    let pid = 0;
    readFrames<SpawnerReply>(socket, (reply) => {
      if (reply.t === 'spawned') pid = reply.pid;
    });
    sendFrame(socket, { t: 'spawn', id: 1, file: '/bin/sh', args: ['-c', 'sleep 30 & wait'], cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, stdin: 'ignore' });
    expect(await pollUntil(async () => pid > 0, 5000)).toBe(true);
    expect(alive(pid)).toBe(true);
    socket.destroy();
    expect(await pollUntil(async () => !alive(pid), 5000)).toBe(true);
  });

  test('when the grading process closes it, the servers still running are killed and it exits', async () => {
    const own = startSpawner(await mkdtemp(path.join(dir, 'own-')));
    if (!own) throw new Error('no spawner');
    expect(await own.ready).toBe(true);
    const server = await spawnThroughSpawner(own.socketPath, sh('sleep 30'));
    if (!server?.pid) throw new Error('not started');
    await own.close();
    expect((await server.exited).signal).toBe('SIGKILL');
    // The kill is sent before the spawner exits; its delivery is the kernel's.
    const pid = server.pid;
    expect(await pollUntil(async () => !alive(pid), 5000)).toBe(true);
  });

  test('when the grading process dies (its end of our stdin closes without "done"), its servers and its run folder go', async () => {
    const runDir = await mkdtemp(path.join(dir, 'orphan-'));
    const child = spawnProcess(process.execPath, [path.join(packageRoot, 'dist', 'spawner.js'), path.join(runDir, 'spawner.sock'), runDir], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const server = await spawnThroughSpawner(path.join(runDir, 'spawner.sock'), sh('sleep 30'));
    if (!server?.pid) throw new Error('not started');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end();
    await exited;
    expect((await server.exited).signal).toBe('SIGKILL');
    const pid = server.pid;
    expect(await pollUntil(async () => !alive(pid), 5000)).toBe(true);
    expect(existsSync(runDir)).toBe(false);
  });
});
