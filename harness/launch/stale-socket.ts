import { link, lstat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Endpoint } from './endpoint.ts';

// Leaves a stale socket file at a Unix endpoint's path, as a server killed without unlink() does: a
// socket inode nobody listens on (connect() gets ECONNREFUSED, bind() gets EADDRINUSE until it is removed).
// Node unlinks a socket file when its server closes, so the file is bound under a side name, hard-linked
// to the path, and the server closed: the side name goes, the linked path stays.
export async function leaveStaleSocket(endpoint: Endpoint): Promise<void> {
  if (endpoint.kind !== 'unix') throw new TypeError(`a stale socket file needs a Unix endpoint, got ${endpoint.kind}`);
  const sideName = path.join(path.dirname(endpoint.path), 'stale.tmp');
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(sideName, resolve);
  });
  try {
    await link(sideName, endpoint.path);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  if (!(await lstat(endpoint.path)).isSocket()) throw new Error(`${endpoint.path} should be a stale socket file`);
}
