import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { launchServer } from './launch-server.ts';
import { findProcessesByToken } from './process-tree.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';

// Tiny servers written inline, so each test shows the behaviour it launches.
const node = (source: string): string[] => [process.execPath, '-e', source, '{port}'];
const LISTEN = `require('net').createServer(s => s.pipe(s)).listen(+process.argv[1], '127.0.0.1');`;

describe('launchServer', () => {
  test('starts a server ready on its port, with a scrubbed environment, and removes everything on stop', async () => {
    process.env.GITHUB_TOKEN = 'secret-token';
    try {
      const server = await launchServer({
        label: 'test',
        endpoint: 'tcp',
        command: node(`${LISTEN} console.error('env', JSON.stringify(Object.keys(process.env).sort()), process.env.PORT, process.cwd());`),
      });
      const token = server.parts.token;
      expect(await findProcessesByToken(token)).toEqual([server.pid]);
      expect(existsSync(server.parts.workdir)).toBe(true);
      const status = await server.stop();
      expect(status.stoppedWith).toBe('SIGTERM');
      const stderr = server.parts.stderr.lines('').join('\n');
      expect(stderr).toContain(`${server.port} ${server.parts.workdir}`);
      expect(stderr).not.toContain('GITHUB_TOKEN');
      expect(stderr).toContain('"PORT"');
      expect(existsSync(server.parts.workdir)).toBe(false);
      expect(await findProcessesByToken(token)).toEqual([]);
    } finally {
      delete process.env.GITHUB_TOKEN;
    }
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
});

describe('launchServer port races', () => {
  test('a port taken by another program before the server binds is retried on a new port, not failed', async () => {
    const { createServer } = await import('node:net');
    const { allocatePort } = await import('./port.ts');
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
          const port = handedOut.length === 0 ? stolen : await allocatePort(host);
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
