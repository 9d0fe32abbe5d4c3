// The spec of __NAME__. Each test gets a fresh server (the program being graded, started with its
// {port}) and scripted UDP clients, each with its own socket; points and a hint for students go in `meta`.
// Prove it with `npx sockgrade check`: it must pass on reference/__NAME__/ and give every fixture in
// fixtures/__NAME__/ exactly the verdicts its expected.json declares.
import { assignmentTest } from 'sockgrade';

const test = assignmentTest({ endpoint: 'udp' });

test('answers a datagram with the same bytes', { meta: { points: 2, hint: 'recvfrom() a datagram, then sendto() the same bytes to the address it came from.' } }, async ({ udp }) => {
  const client = await udp();
  await client.send('hello');
  await client.expect('hello'); // the next datagram, exactly these bytes, from the server's address
});

test('answers each of two clients at its own address', { meta: { points: 1, hint: 'Reply to the address recvfrom() returned for this datagram, not to the first client you saw.' } }, async ({ udp }) => {
  const first = await udp('first client');
  const second = await udp('second client');
  await first.send('from the first');
  await first.expect('from the first');
  await second.send('from the second');
  await second.expect('from the second');
});
