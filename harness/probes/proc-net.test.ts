import { expect, test } from 'vitest';
import { decodeAddress } from './proc-net.ts';

test('decodes the kernel hex addresses of /proc/net/tcp and tcp6', () => {
  expect(decodeAddress('0100007F')).toBe('127.0.0.1');
  expect(decodeAddress('00000000')).toBe('0.0.0.0');
  expect(decodeAddress('00000000000000000000000001000000')).toBe('::1');
  expect(decodeAddress('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
});
