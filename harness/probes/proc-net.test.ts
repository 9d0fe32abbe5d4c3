import { expect, test } from 'vitest';
import net from 'node:net';
import { once } from 'node:events';
import { decodeAddress, inetSockets } from './proc-net.ts';

test('decodes the kernel hex addresses of /proc/net/tcp and tcp6', () => {
  expect(decodeAddress('0100007F')).toBe('127.0.0.1');
  expect(decodeAddress('00000000')).toBe('0.0.0.0');
  expect(decodeAddress('00000000000000000000000001000000')).toBe('::1');
  expect(decodeAddress('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
});

test.runIf(process.platform === 'linux')('lists only the sockets of the ports asked for; none for a port that is gone', async () => {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await once(client, 'connect');
  try {
    const rows = await inetSockets('tcp', { ipv6: false, ports: [client.localPort as number] });
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.localPort === client.localPort || r.remotePort === client.localPort)).toBe(true);
    expect(await inetSockets('tcp', { ports: [undefined as unknown as number] })).toEqual([]);
  } finally {
    client.destroy();
    server.close();
  }
});
