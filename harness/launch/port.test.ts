import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, test } from 'vitest';
import getPort from 'get-port';
import { portHoldName, reservePort } from './port.ts';
import { inetSockets } from '../probes/proc-net.ts';
import { pollUntil } from '../probes/wait-until.ts';

const HOST = '127.0.0.1';

// A port nobody uses now: the OS's own pick (from its ephemeral range, outside ours).
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, HOST, resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function twoFreePorts(): Promise<[number, number]> {
  const first = await freePort();
  let second = await freePort();
  while (second === first) second = await freePort();
  return [first, second];
}

describe.runIf(process.platform === 'linux')('reservePort', () => {
  test('a port held by another process is skipped, and a released one can be held again', async () => {
    const [held, next] = await twoFreePorts();
    // Another grading process: holds the port's name the way reservePort does, until it is killed.
    const other = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(portHoldName(held))}, () => console.log('held'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await once(createInterface({ input: other.stdout }), 'line');
      const reservation = await reservePort(HOST, 'tcp', [held, next]);
      expect(reservation.port).toBe(next);
      // Within this process too: the second of two allocations at once never gets the same port.
      const again = await reservePort(HOST, 'tcp', [next, held]).catch((err: Error) => err.message);
      expect(again).toMatch(/no free port/);
      reservation.release();
      const afterRelease = await reservePort(HOST, 'tcp', [next]);
      expect(afterRelease.port).toBe(next);
      afterRelease.release();
    } finally {
      other.kill('SIGKILL');
      await once(other, 'exit');
    }
  });

  test('a port with a connection in TIME_WAIT is skipped, though a bind with SO_REUSEADDR would succeed', async () => {
    const [, next] = await twoFreePorts();
    // A server that closes first leaves its side of the connection in TIME_WAIT on its own port.
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
    const port = (server.address() as net.AddressInfo).port;
    const client = net.connect(port, HOST);
    client.resume();
    await once(client, 'end');
    client.end();
    await once(client, 'close');
    await new Promise((resolve) => server.close(resolve));
    const timeWait = async () => (await inetSockets('tcp', { ports: [port] })).some((row) => row.localPort === port && row.state === 'TIME_WAIT');
    expect(await pollUntil(timeWait, 5000)).toBe(true);
    // What the old allocator asked: get-port binds with SO_REUSEADDR (as Node always does) and calls it free.
    expect(await getPort({ host: HOST, port })).toBe(port);
    const reservation = await reservePort(HOST, 'tcp', [port, next]);
    expect(reservation.port).toBe(next);
    reservation.release();
  });

  test('a UDP server gets a port no UDP socket uses', async () => {
    const [taken, next] = await twoFreePorts();
    const dgram = await import('node:dgram');
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(taken, HOST, resolve));
    try {
      const reservation = await reservePort(HOST, 'udp', [taken, next]);
      expect(reservation.port).toBe(next);
      reservation.release();
    } finally {
      socket.close();
    }
  });

  test('allocations from the range are held until released, all different', async () => {
    const reservations = await Promise.all(Array.from({ length: 20 }, () => reservePort(HOST)));
    try {
      const ports = reservations.map((r) => r.port);
      expect(new Set(ports).size).toBe(20);
      expect(ports.every((port) => port >= 20000 && port < 32000)).toBe(true);
    } finally {
      for (const r of reservations) r.release();
    }
  });
});
