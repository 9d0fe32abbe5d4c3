import { SockgradeError, isSockgradeError } from '../errors/sockgrade-error.ts';
import { describeExit } from '../launch/exit-status.ts';
import type { StartedServer } from '../launch/started-server.ts';
import { settleWithin } from '../time/deadline.ts';
import { scaled } from '../time/timeouts.ts';

// Runs a check that needs the server still up after something that may have crashed it (a vanished
// client, a malformed message). If the check fails and the server process has ended, the verdict is
// that exit (E_SERVER_EXITED, with its status), whichever way the check happened to notice it first: a
// refused connect, a reset, an EOF or a silence.
export async function keepsServing<T>(server: StartedServer, situation: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err) {
    // The crash caused the failure, so the exit is already under way: the grace covers its reporting on a
    // loaded machine, and only a failure of a server still running pays it.
    const status = server.exitStatus ?? (await settleWithin(server.parts.exited, scaled(3000)));
    if (!status) throw err;
    const what = isSockgradeError(err) ? err.shortMessage : (err as Error).message;
    throw new SockgradeError('E_SERVER_EXITED', `the server ${describeExit(status)}, ${situation}: it must keep serving other clients`, {
      details: `the check that noticed: ${what}`,
      cause: err,
    });
  }
}
