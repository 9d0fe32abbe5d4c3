import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pollUntil } from '../probes/wait-until.ts';
import { describe, expect, test } from 'vitest';
import { launchServer } from './launch-server.ts';
import { findProcessesByToken, TOKEN_VARIABLE } from './process-tree.ts';
import { PASSED_THROUGH, serverEnvironment } from './environment.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';

// Tiny servers written inline, so each test shows the behaviour it launches.
const node = (source: string): string[] => [process.execPath, '-e', source, '{port}'];
const LISTEN = `require('net').createServer(s => s.pipe(s)).listen(+process.argv[1], '127.0.0.1');`;

describe('launchServer', () => {
  test('starts a server ready on its port, in its own folder with a scrubbed environment, and removes everything on stop', async () => {
    const server = await launchServer({
      label: 'test',
      endpoint: 'tcp',
      command: node(`${LISTEN} console.error('env', JSON.stringify(Object.keys(process.env).sort()), process.env.PORT, process.cwd());`),
    });
    const token = server.parts.token;
    expect(await findProcessesByToken(token)).toEqual([server.pid]);
    expect(existsSync(server.workdir)).toBe(true);
    const status = await server.stop();
    expect(status.stoppedWith).toBe('SIGTERM');
    const stderr = server.parts.stderr.lines('').join('\n');
    expect(stderr).toContain(`${server.port} ${server.workdir}`);
    const keys = JSON.parse(/env (\[.*?\])/.exec(stderr)?.[1] ?? '[]') as string[];
    // Only what a program needs to start, its endpoint and our token: nothing else of our environment.
    const allowed = new Set([...PASSED_THROUGH, 'TMPDIR', 'PYTHONUNBUFFERED', 'PYTHONDONTWRITEBYTECODE', 'HOST', 'PORT', TOKEN_VARIABLE]);
    expect(keys.filter((key) => !allowed.has(key))).toEqual([]);
    expect(keys).toContain('PORT');
    expect(existsSync(server.parts.folder.dir)).toBe(false);
    expect(await findProcessesByToken(token)).toEqual([]);
  });

  test('the environment passes nothing but what a program needs (no CI tokens)', () => {
    const env = serverEnvironment({ host: '127.0.0.1', port: '4000', root: '/t/root' }, '/t/work', [TOKEN_VARIABLE, 'run.x'], { PATH: '/bin', GITHUB_TOKEN: 'secret', CI: 'true', HOME: '/home/s' });
    expect(env).toEqual({ PATH: '/bin', HOME: '/home/s', TMPDIR: '/t/work', PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', HOST: '127.0.0.1', PORT: '4000', ROOT_DIR: '/t/root', [TOKEN_VARIABLE]: 'run.x' });
  });

  test('a server that exits before listening is reported with its exit code and stderr', async () => {
    const failure = await launchServer({ label: 'test', endpoint: 'tcp', command: node(`console.error('cannot start: bad config'); process.exit(4);`) }).catch((err: unknown) => err);
    expect(isSockgradeError(failure, 'E_EXITED_EARLY')).toBe(true);
    expect((failure as Error).message).toMatch(/^server exited with code 4 after \d+ms, before listening on 127\.0\.0\.1:\d+ \(TCP\)/);
    expect((failure as Error).message).toContain('[server stderr] cannot start: bad config');
  });

  test('a server that never listens is reported after the start timeout', async () => {
    const failure = await launchServer({ label: 'test', endpoint: 'tcp', startTimeoutMs: 300, command: node(`setInterval(() => {}, 1000);`) }).catch((err: unknown) => err);
    expect(isSockgradeError(failure, 'E_NOT_LISTENING')).toBe(true);
    expect((failure as Error).message).toMatch(/^server not listening on 127\.0\.0\.1:\d+ \(TCP\) after 300ms/);
  });

  test.runIf(process.platform === 'linux')('a server still computing at the start timeout is told so (busy, not waiting)', async () => {
    const failure = await launchServer({ label: 'test', endpoint: 'tcp', startTimeoutMs: 500, command: node(`for (;;);`) }).catch((err: unknown) => err);
    expect(isSockgradeError(failure, 'E_NOT_LISTENING')).toBe(true);
    expect((failure as Error).message).toMatch(/after 500ms; it was busy computing \(running or waiting for a CPU \d+% of the time\): a loop that never ends before listen\(\)\?/);
  });

  test('a command that does not exist is a clear early exit', async () => {
    const failure = await launchServer({ label: 'test', endpoint: 'tcp', command: 'no-such-program-xyz {port}' }).catch((err: unknown) => err);
    expect(isSockgradeError(failure, 'E_EXITED_EARLY')).toBe(true);
    expect((failure as Error).message).toMatch(/no-such-program-xyz|ENOENT/);
  });

  test('a server that ignores SIGTERM is killed with SIGKILL, with its children', async () => {
    const server = await launchServer({
      label: 'test',
      endpoint: 'tcp',
      command: node(`process.on('SIGTERM', () => {}); require('child_process').spawn(process.execPath, ['-e', 'setInterval(()=>{},1000)'], { detached: true, stdio: 'ignore' }); ${LISTEN}`),
    });
    const token = server.parts.token;
    expect((await findProcessesByToken(token)).length).toBe(2);
    const status = await server.stop();
    expect(status.stoppedWith).toBe('SIGKILL');
    expect(await findProcessesByToken(token)).toEqual([]);
  });

  test('stdin is empty unless given', async () => {
    const server = await launchServer({ label: 'test', endpoint: 'tcp', command: node(`let d=''; process.stdin.on('data', c => d += c).on('end', () => { console.error('stdin=' + JSON.stringify(d)); ${LISTEN} });`) });
    await server.stop();
    expect(server.parts.stderr.lines('').join('\n')).toContain('stdin=""');
  });

  test("stdin: 'pipe' lets the test type lines and close it; the server sees them and the EOF", async () => {
    const server = await launchServer({ label: 'test', endpoint: 'tcp', stdin: 'pipe', command: node(`${LISTEN} process.stdin.on('data', c => console.error('got ' + JSON.stringify(String(c)))).on('end', () => console.error('stdin closed'));`) });
    try {
      await new Promise<void>((resolve) => server.stdin?.write('hello\n', () => resolve()));
      await new Promise<void>((resolve) => server.stdin?.end(resolve));
      const seen = await pollUntil(async () => server.parts.stderr.lines('').join('\n').includes('stdin closed'), 5000);
      expect(seen).toBe(true);
      expect(server.parts.stderr.lines('').join('\n')).toContain('got "hello\\n"');
    } finally {
      await server.stop();
    }
  });

  test('{root} and {log} are filled in and set as ROOT_DIR and LOG_PATH; the secret sits beside {root}', async () => {
    const server = await launchServer({
      label: 'test',
      endpoint: 'tcp',
      root: async (dir) => writeFile(path.join(dir, 'index.html'), '<p>hi</p>'),
      log: { initial: 'an old line\n' },
      command: [process.execPath, '-e', `${LISTEN} const fs = require('fs'); for (const [k, v] of Object.entries({ argv: process.argv.slice(1).join(' '), root: process.env.ROOT_DIR, log: process.env.LOG_PATH, index: fs.readFileSync(process.argv[2] + '/index.html', 'utf8'), old: fs.readFileSync(process.argv[3], 'utf8').trim() })) console.error(k + '=' + v);`, '{port}', '{root}', '{log}'],
    });
    try {
      const root = server.root;
      expect(root?.path).toBe(path.join(server.parts.folder.dir, 'root'));
      expect(path.dirname(root?.secretPath ?? '')).toBe(path.dirname(root?.path ?? 'x'));
      expect(await readFile(root?.secretPath ?? '')).toEqual(root?.secret);
      expect(server.logPath).toBe(path.join(server.workdir, 'server.log'));
      await pollUntil(async () => server.parts.stderr.lines('').length >= 5, 5000);
      const seen = Object.fromEntries(server.parts.stderr.lines('').map((line) => line.trim().split(/=(.*)/s).slice(0, 2)));
      expect(seen).toEqual({ argv: `${server.port} ${root?.path} ${server.logPath}`, root: root?.path, log: server.logPath, index: '<p>hi</p>', old: 'an old line' });
    } finally {
      await server.stop();
    }
    expect(existsSync(server.parts.folder.dir)).toBe(false);
  });
});

describe('launchServer port races', () => {
  test.runIf(process.platform === 'linux')('a server\'s port stays held from its allocation until it is stopped', async () => {
    const { createServer } = await import('node:net');
    const { portHoldName } = await import('./port.ts');
    const canHold = (port: number) => new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen({ path: portHoldName(port) }, () => probe.close(() => resolve(true)));
    });
    const server = await launchServer({ label: 'test', endpoint: 'tcp', command: node(LISTEN) });
    expect(await canHold(server.port)).toBe(false);
    await server.stop();
    expect(await canHold(server.port)).toBe(true);
  });

  test('a port taken by another program before the server binds is retried on a new port, not failed', async () => {
    const { createServer } = await import('node:net');
    const { reservePort } = await import('./port.ts');
    const thief = createServer();
    await new Promise<void>((resolve) => thief.listen(0, '127.0.0.1', resolve));
    const stolen = (thief.address() as { port: number }).port;
    const handedOut: number[] = [];
    try {
      const server = await launchServer({
        label: 'test',
        endpoint: 'tcp',
        // Binds like a student's server; on the stolen port it dies with EADDRINUSE, as Python would.
        command: node(`const s = require('net').createServer(c => c.pipe(c)); s.on('error', e => { console.error('OSError: [Errno 98] Address already in use'); process.exit(1); }); s.listen(+process.argv[1], '127.0.0.1');`),
        allocatePort: async (host) => {
          // The test stops the server itself, so the second port needs no hold.
          const port = handedOut.length === 0 ? stolen : await reservePort(host).then((held) => (held.release(), held.port));
          handedOut.push(port);
          return port;
        },
      });
      expect(handedOut).toHaveLength(2);
      expect(server.port).toBe(handedOut[1]);
      await server.stop();
    } finally {
      thief.close();
    }
  });
});
