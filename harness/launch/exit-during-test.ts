import { isSockgradeError, SockgradeError } from '../errors/sockgrade-error.ts';
import { settleWithin } from '../time/deadline.ts';
import { scaled } from '../time/timeouts.ts';
import { describeExit } from './exit-status.ts';
import type { StartedServer } from './started-server.ts';
import type { Readable } from 'node:stream';

function streamEnd(stream: Readable | null | undefined): Promise<void> {
  if (!stream || stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
  });
}

// A test's failure, told as what it is when the server died under it: once the server has exited (it
// is given a moment to), whatever the client saw — a refused connect, a reset, a line never logged —
// is one verdict, E_SERVER_EXITED, naming how it ended; the client's view stays in the details.
export async function explainServerExit(server: StartedServer, err: unknown, { situation = '', graceMs = scaled(500) }: { situation?: string; graceMs?: number } = {}): Promise<unknown> {
  if (!isSockgradeError(err) || err.code === 'E_SERVER_EXITED') return err;
  if (!server.exitStatus) await settleWithin(server.parts.exited, graceMs);
  const exit = server.exitStatus;
  if (!exit || exit.stoppedWith) return err;
  // The last line of its stderr usually names the crash ("UnicodeDecodeError: ..."): let the pipe drain
  // first (the exit can be seen before the last output is read), a moment at most.
  await settleWithin(streamEnd(server.parts.subprocess.stderr), scaled(300));
  const last = server.parts.stderr.lines('', 1).at(-1)?.trim();
  const crash = last ? ` (its stderr ends with ${JSON.stringify(last.slice(0, 160))})` : '';
  return new SockgradeError('E_SERVER_EXITED', `the server ${describeExit(exit)}${situation ? `, ${situation}` : ''}${crash}: it must keep running until it is killed`, {
    details: [`what the test saw: ${err.shortMessage}`, err.details].filter(Boolean).join('\n'),
    context: err.context,
    cause: err,
  });
}
