import { assignmentTest, serverSideState, pollUntil, scaled, SockgradeError } from 'sockgrade';
import { binarySafe, echoesAtOnce, halfCloseDeliversThenCloses, idlesWithoutSpinning, servesClientsInTurn, streamsOneMebibyte, survivesAbortingClient, survivesSilentClient } from '../shared/stream-echo-clauses.ts';

const test = assignmentTest({ endpoint: 'tcp' });

// The clauses shared with unix-echo (specs/shared/stream-echo-clauses.ts), then the TCP-only one.
test('echoes each message at once, without waiting for a newline or a close', echoesAtOnce.options, echoesAtOnce.run);
test('echoes all 256 byte values unchanged (binary-safe)', binarySafe.options, binarySafe.run);
test('streams 1 MiB back while the client is still sending', streamsOneMebibyte.options, streamsOneMebibyte.run);
test('serves several clients one after another', servesClientsInTurn.options, servesClientsInTurn.run);
test('survives a client that connects and leaves without sending anything', survivesSilentClient.options, survivesSilentClient.run);
test('after a half-close, delivers every byte and then closes', halfCloseDeliversThenCloses.options, halfCloseDeliversThenCloses.run);
test('survives a client that resets the connection (RST)', survivesAbortingClient.options, survivesAbortingClient.run);

test('closes its side promptly when the client closes', {
  meta: { points: 1, hint: 'On recv() == b"" call close() on the connection socket; a socket left open stays in CLOSE_WAIT and leaks a descriptor.' },
}, async ({ connect, server, transcript, skip }) => {
  if (process.platform !== 'linux') skip('the server side of a TCP connection is read from /proc/net/tcp, which only Linux has');
  const client = await connect();
  await client.send('bye');
  await client.expect('bye');
  const clientPort = client.localPort as number;
  await client.close();
  const deadline = scaled(2000);
  const closed = await pollUntil(async () => (await serverSideState(server.port, clientPort)) !== 'CLOSE_WAIT', deadline);
  if (!closed) {
    transcript.record('kernel', 'note', `server side of ${server.port}<->${clientPort} still in CLOSE_WAIT`);
    throw new SockgradeError('E_NOT_CLOSED', `the server had not closed its end ${deadline}ms after client 1 closed (its socket stayed in CLOSE_WAIT)`);
  }
});

test('does not spin after a client leaves (idle CPU near zero)', idlesWithoutSpinning.options, idlesWithoutSpinning.run);
