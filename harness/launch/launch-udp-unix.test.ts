import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { launchServer } from './launch-server.ts';
import { leaveStaleSocket } from './stale-socket.ts';
import { forUdpReply } from '../wait/for-udp-reply.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import type { StartedServer } from './started-server.ts';

// Tiny servers written inline, so each test shows the behaviour it launches.
const node = (source: string, placeholder = '{port}'): string[] => [process.execPath, '-e', source, placeholder];
const UDP_ECHO = `const s = require('dgram').createSocket('udp4'); s.on('message', (d, r) => s.send(d, r.port, r.address));`;
const UNIX_ECHO = `require('net').createServer(c => c.pipe(c)).listen(process.argv[1]);`;

async function failure(launching: Promise<StartedServer>): Promise<Error> {
  return launching.then(
    async (server) => {
      await server.stop();
      throw new Error('expected the launch to fail');
    },
    (err: Error) => err,
  );
}

describe('launchServer over UDP', () => {
  test('is ready once the port is bound, even if binding is late', async () => {
    const server = await launchServer({ label: 'test', endpoint: 'udp', command: node(`${UDP_ECHO} setTimeout(() => s.bind(+process.argv[1], '127.0.0.1'), 200);`) });
    expect(server.endpoint.kind).toBe('udp');
    await server.stop();
  });

  test('with forUdpReply, is ready once a probe datagram is answered; a silent server is not', async () => {
    const server = await launchServer({ label: 'test', endpoint: 'udp', wait: forUdpReply('ping'), command: node(`${UDP_ECHO} setTimeout(() => s.bind(+process.argv[1], '127.0.0.1'), 200);`) });
    await server.stop();
    const silent = await failure(launchServer({ label: 'test', endpoint: 'udp', startTimeoutMs: 400, wait: forUdpReply('ping'), command: node(`require('dgram').createSocket('udp4').bind(+process.argv[1], '127.0.0.1');`) }));
    expect(silent.message).toMatch(/^server not answering a probe datagram on 127\.0\.0\.1:\d+ \(UDP\) after 400ms/);
  });

  test('a server that exits before binding gets E_EXITED_EARLY naming the UDP address', async () => {
    const err = await failure(launchServer({ label: 'test', endpoint: 'udp', command: node(`console.error('no socket for you'); process.exit(3);`) }));
    expect(isSockgradeError(err, 'E_EXITED_EARLY')).toBe(true);
    expect(err.message).toMatch(/^server exited with code 3 after \d+ms, before bound to 127\.0\.0\.1:\d+ \(UDP\)/);
    expect(err.message).toContain('[server stderr] no socket for you');
  });

  test('a server that never binds gets E_NOT_LISTENING after the start timeout; one bound elsewhere is told so', async () => {
    const never = await failure(launchServer({ label: 'test', endpoint: 'udp', startTimeoutMs: 300, command: node(`setInterval(() => {}, 1000);`) }));
    expect(isSockgradeError(never, 'E_NOT_LISTENING')).toBe(true);
    expect(never.message).toMatch(/^server not bound to 127\.0\.0\.1:\d+ \(UDP\) after 300ms/);
    const elsewhere = await failure(launchServer({ label: 'test', endpoint: 'udp', startTimeoutMs: 300, command: node(`${UDP_ECHO} s.bind(0, '127.0.0.1');`) }));
    expect(elsewhere.message).toMatch(/it is listening on 127\.0\.0\.1:\d+ \(UDP\) instead/);
  });
});

describe('launchServer over a Unix socket', () => {
  test('gives a short socket path in a private directory, and removes both afterwards', async () => {
    const server = await launchServer({ label: 'test', endpoint: 'unix', command: node(UNIX_ECHO, '{socket}') });
    const dir = path.dirname(server.socketPath);
    expect(Buffer.byteLength(server.socketPath)).toBeLessThanOrEqual(107);
    expect(existsSync(server.socketPath)).toBe(true);
    await server.stop();
    expect(existsSync(dir)).toBe(false);
  });

  test('a failed start removes the socket directory too', async () => {
    let dir = '';
    const err = await failure(launchServer({ label: 'test', endpoint: 'unix', startTimeoutMs: 300, command: node(`setInterval(() => {}, 1000);`, '{socket}'), beforeStart: async (endpoint) => {
      if (endpoint.kind === 'unix') dir = path.dirname(endpoint.path);
    } }));
    expect(isSockgradeError(err, 'E_NOT_LISTENING')).toBe(true);
    expect(dir).not.toBe('');
    expect(existsSync(dir)).toBe(false);
  });

  test('over a stale socket file: a server that removes it starts, one that does not fails with its EADDRINUSE', async () => {
    const unlinking = `try { require('fs').unlinkSync(process.argv[1]); } catch {} ${UNIX_ECHO}`;
    const server = await launchServer({ label: 'test', endpoint: 'unix', beforeStart: leaveStaleSocket, command: node(unlinking, '{socket}') });
    await server.stop();
    let dir = '';
    const err = await failure(launchServer({ label: 'test', endpoint: 'unix', command: node(UNIX_ECHO, '{socket}'), beforeStart: async (endpoint) => {
      await leaveStaleSocket(endpoint);
      if (endpoint.kind === 'unix') dir = path.dirname(endpoint.path);
    } }));
    expect(isSockgradeError(err, 'E_EXITED_EARLY')).toBe(true);
    expect(err.message).toContain('EADDRINUSE');
    expect(existsSync(dir)).toBe(false);
  });
});
