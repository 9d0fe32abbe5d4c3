import path from 'node:path';
import { execa } from 'execa';
import { isListening } from '../harness/wait/for-listening-port.ts';
import { reservePort } from '../harness/launch/port.ts';
import { packageRoot } from '../harness/paths.ts';

// The server's own start, without the harness: spawn it directly and watch for its listening socket.
export async function rawStartMs(python: string): Promise<number> {
  const { port, release } = await reservePort('127.0.0.1');
  const start = performance.now();
  const child = execa(python, ['server.py', String(port)], { cwd: path.join(packageRoot, 'fixtures/tcp-echo/echo-ok'), reject: false, stdio: 'ignore' });
  while (!(await isListening(port))) await new Promise((resolve) => setImmediate(resolve));
  const ms = performance.now() - start;
  child.kill('SIGKILL');
  await child;
  release();
  return ms;
}
