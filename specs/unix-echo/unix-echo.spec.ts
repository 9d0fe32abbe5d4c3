import { assignmentTest, leaveStaleSocket } from 'sockgrade';
import { binarySafe, echoesAtOnce, halfCloseDeliversThenCloses, idlesWithoutSpinning, servesClientsInTurn, streamsOneMebibyte, survivesAbortingClient, survivesSilentClient } from '../shared/stream-echo-clauses.ts';

const test = assignmentTest({ endpoint: 'unix' });
// Each server of these tests starts with a stale socket file already at {socket}.
const overStaleSocket = assignmentTest({ endpoint: 'unix', beforeStart: leaveStaleSocket });

// tcp-echo's clauses over an AF_UNIX stream socket (specs/shared/stream-echo-clauses.ts).
test('echoes each message at once, without waiting for a newline or a close', echoesAtOnce.options, echoesAtOnce.run);
test('echoes all 256 byte values unchanged (binary-safe)', binarySafe.options, binarySafe.run);
test('streams 1 MiB back while the client is still sending', streamsOneMebibyte.options, streamsOneMebibyte.run);
test('serves several clients one after another', servesClientsInTurn.options, servesClientsInTurn.run);
test('survives a client that connects and leaves without sending anything', survivesSilentClient.options, survivesSilentClient.run);
test('after a half-close, delivers every byte and then closes', halfCloseDeliversThenCloses.options, halfCloseDeliversThenCloses.run);
// A Unix socket has no RST: the client closes at once with the echo unread (ECONNRESET / EPIPE for the server).
test('survives a client that vanishes without reading its echo', survivesAbortingClient.options, survivesAbortingClient.run);
test('does not spin after a client leaves (idle CPU near zero)', idlesWithoutSpinning.options, idlesWithoutSpinning.run);

overStaleSocket('starts even if a stale socket file is left at {socket}', {
  meta: { points: 1, hint: 'A socket file outlives the server that bound it, and bind() fails with "Address already in use" while it exists: remove it first (if os.path.exists(path): os.unlink(path)).' },
}, async ({ connect }) => {
  const client = await connect();
  await client.send('a fresh start');
  await client.expect('a fresh start');
});
