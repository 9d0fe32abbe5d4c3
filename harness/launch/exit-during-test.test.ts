import { describe, expect, test } from 'vitest';
import { isSockgradeError, SockgradeError } from '../errors/sockgrade-error.ts';
import { explainServerExit } from './exit-during-test.ts';
import { launchServer } from './launch-server.ts';

// A server that dies, naming why on stderr, when a client connects.
const CRASHES = `require('net').createServer(() => { console.error('Traceback: something'); console.error('TypeError: remove() takes exactly one argument'); process.exit(1); }).listen(+process.argv[1], '127.0.0.1');`;
const LIVES = `require('net').createServer(() => {}).listen(+process.argv[1], '127.0.0.1');`;

describe('explainServerExit', () => {
  test('a failure under a server that died becomes E_SERVER_EXITED with its exit and last stderr line', async () => {
    const server = await launchServer({ label: 'test', endpoint: 'tcp', command: [process.execPath, '-e', CRASHES, '{port}'] });
    try {
      const socket = (await import('node:net')).connect(server.port, '127.0.0.1');
      socket.on('error', () => undefined);
      const seen = new SockgradeError('E_LOG_MISSING', '"hello" never appeared in the log', { details: 'the file is empty' });
      const explained = await explainServerExit(server, seen, { situation: 'after a client left' });
      socket.destroy();
      expect(isSockgradeError(explained, 'E_SERVER_EXITED')).toBe(true);
      expect((explained as SockgradeError).shortMessage).toMatch(/^the server exited with code 1 after \d+ms, after a client left \(its stderr ends with "TypeError: remove\(\) takes exactly one argument"\): it must keep running until it is killed$/);
      expect((explained as SockgradeError).details).toBe('what the test saw: "hello" never appeared in the log\nthe file is empty');
    } finally {
      await server.stop();
    }
  });

  test('a failure under a running server, or a non-harness error, is left as it is', async () => {
    const server = await launchServer({ label: 'test', endpoint: 'tcp', command: [process.execPath, '-e', LIVES, '{port}'] });
    try {
      const seen = new SockgradeError('E_TIMEOUT', 'no response');
      expect(await explainServerExit(server, seen, { graceMs: 50 })).toBe(seen);
      const plain = new Error('assertion');
      expect(await explainServerExit(server, plain)).toBe(plain);
    } finally {
      await server.stop();
    }
  });
});
