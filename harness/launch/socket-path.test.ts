import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { allocateSocketPath, checkSocketPath, MAX_SOCKET_PATH_BYTES } from './socket-path.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';

test('a path over the sun_path limit is a clear E_SOCKET_PATH naming its length and what to do', () => {
  const long = `/tmp/${'x'.repeat(MAX_SOCKET_PATH_BYTES)}/server.sock`;
  let failure: unknown;
  try {
    checkSocketPath(long);
  } catch (err) {
    failure = err;
  }
  expect(isSockgradeError(failure, 'E_SOCKET_PATH')).toBe(true);
  expect((failure as Error).message).toContain(`Unix socket path is ${Buffer.byteLength(long)} bytes, over the ${MAX_SOCKET_PATH_BYTES}-byte sun_path limit`);
  expect((failure as Error).message).toContain('Set TMPDIR to a shorter directory');
});

test('socket paths go under the run folder when they fit, and to /tmp when it is too deep', async () => {
  const shallow = await mkdtemp(path.join(tmpdir(), 'sg-run-'));
  const deep = path.join(shallow, 'd'.repeat(100));
  try {
    const near = await allocateSocketPath(shallow);
    expect(near.dir.startsWith(`${shallow}/sg-`)).toBe(true);
    const far = await allocateSocketPath(deep);
    expect(far.dir.startsWith('/tmp/sg-')).toBe(true);
    expect(Buffer.byteLength(far.path)).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
    await rm(far.dir, { recursive: true });
    expect(existsSync(far.dir)).toBe(false);
  } finally {
    await rm(shallow, { recursive: true, force: true });
  }
});
