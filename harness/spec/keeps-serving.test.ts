import { describe, expect, test } from 'vitest';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { ExitStatus } from '../launch/exit-status.ts';
import type { StartedServer } from '../launch/started-server.ts';
import { keepsServing } from './keeps-serving.ts';

// Only what keepsServing reads of a server: its exit status, and the promise of its exit.
function fakeServer(exit?: ExitStatus): StartedServer {
  return { exitStatus: exit, parts: { exited: exit ? Promise.resolve(exit) : new Promise<ExitStatus>(() => undefined) } } as unknown as StartedServer;
}

describe('keepsServing', () => {
  test('a failure of a server that exited is that exit, whatever noticed it', async () => {
    const failing = () => Promise.reject(new SockgradeError('E_RESET', 'next client was reset'));
    await expect(keepsServing(fakeServer({ code: 1, signal: null, afterMs: 812 }), 'after a client vanished', failing)).rejects.toMatchObject({
      code: 'E_SERVER_EXITED',
      shortMessage: 'the server exited with code 1 after 812ms, after a client vanished: it must keep serving other clients',
      details: 'the check that noticed: next client was reset',
    });
  });

  test('a failure of a running server stays as it is; a success passes through', async () => {
    await expect(keepsServing(fakeServer(), 'x', () => Promise.reject(new SockgradeError('E_MISMATCH', 'wrong')))).rejects.toMatchObject({ code: 'E_MISMATCH' });
    expect(await keepsServing(fakeServer(), 'x', async () => 42)).toBe(42);
  });
});
