import net from 'node:net';
import { describe, expect, test } from 'vitest';
import { launchServer } from './launch-server.ts';

const node = (source: string): string[] => [process.execPath, '-e', source, '{port}'];

describe('StartedServer', () => {
  test('stop() closes stdin only once the process is gone: a server that exits at stdin EOF is still stopped by us', async () => {
    // It ignores SIGTERM, so only stdin's EOF could end it before the SIGKILL: closing stdin first made it
    // exit "on its own" (code 1), and a test's failure was then blamed on its death.
    const server = await launchServer({
      label: 'test',
      endpoint: 'tcp',
      stdin: 'pipe',
      command: node(`process.on('SIGTERM', () => {}); process.stdin.on('end', () => process.exit(1)); process.stdin.resume(); require('net').createServer(() => {}).listen(+process.argv[1], '127.0.0.1');`),
    });
    const status = await server.stop();
    expect(status.stoppedWith).toBe('SIGKILL');
  });

  test('exitWithin() gives a dying server the time to end on its own, or returns undefined', async () => {
    const server = await launchServer({ label: 'test', endpoint: 'tcp', command: node(`require('net').createServer(() => setTimeout(() => process.exit(3), 50)).listen(+process.argv[1], '127.0.0.1');`) });
    try {
      expect(await server.exitWithin(50)).toBeUndefined();
      const socket = net.connect(server.port, '127.0.0.1');
      socket.on('error', () => undefined);
      expect(await server.exitWithin(5000)).toMatchObject({ code: 3 });
      socket.destroy();
    } finally {
      expect((await server.stop()).code).toBe(3);
    }
  });

  test('exitWhileTested: an exit after markTestOver() (provoked by the teardown) is not a death during the test', async () => {
    const server = await launchServer({ label: 'test', endpoint: 'tcp', command: node(`require('net').createServer((s) => s.on('close', () => process.exit(1))).listen(+process.argv[1], '127.0.0.1');`) });
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    server.markTestOver();
    socket.destroy();
    expect(await server.exitWithin(5000)).toMatchObject({ code: 1 });
    expect(server.exitWhileTested).toBeUndefined();
    await server.stop();
  });
});
