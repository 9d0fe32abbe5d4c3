import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { tempRoot } from '../run/run-settings.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';

// sun_path holds 108 bytes on Linux (104 on macOS) including the final NUL; see unix(7).
export const MAX_SOCKET_PATH_BYTES = process.platform === 'linux' ? 107 : 103;

// Checks a Unix socket path fits in sun_path, with a message that says what to do when it does not.
export function checkSocketPath(socketPath: string): string {
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new SockgradeError(
      'E_SOCKET_PATH',
      `Unix socket path is ${bytes} bytes, over the ${MAX_SOCKET_PATH_BYTES}-byte sun_path limit: ${socketPath}`,
      { details: 'Set TMPDIR to a shorter directory (for example /tmp).' },
    );
  }
  return socketPath;
}

// Bytes a socket path adds to its base directory: "/sg-XXXXXX/server.sock".
const SUFFIX_BYTES = Buffer.byteLength('/sg-XXXXXX/server.sock');

// A short private directory for one server's socket file: <tmp>/sg-XXXXXX/server.sock, under the run's
// temp folder (so an interrupted run removes it too) unless that is too long for sun_path; then /tmp.
export async function allocateSocketPath(base = tempRoot()): Promise<{ dir: string; path: string }> {
  const parent = Buffer.byteLength(base) + SUFFIX_BYTES > MAX_SOCKET_PATH_BYTES ? '/tmp' : base;
  const dir = await mkdtemp(path.join(parent, 'sg-'));
  try {
    return { dir, path: checkSocketPath(path.join(dir, 'server.sock')) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
