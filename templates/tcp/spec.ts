// The spec of __NAME__. Each test gets a fresh server (the program being graded, started with its
// {port}) and scripted clients; points and a hint for students go in `meta`.
// Prove it with `npx sockgrade check`: it must pass on reference/__NAME__/ and give every fixture in
// fixtures/__NAME__/ exactly the verdicts its expected.json declares.
import { assignmentTest } from 'sockgrade';

const test = assignmentTest({ endpoint: 'tcp' });

test('echoes a message at once', { meta: { points: 2, hint: 'Send back what each recv() returned right away, on the same connection.' } }, async ({ connect }) => {
  const client = await connect();
  await client.send('hello');
  await client.expect('hello'); // fails at the first wrong byte, on a close or reset, or after the deadline
  await client.send('second message');
  await client.expect('second message');
});

test('serves several clients one after another', { meta: { points: 1, hint: 'After a client leaves (recv() returned b""), close that connection and go back to accept().' } }, async ({ connect }) => {
  for (let i = 1; i <= 3; i++) {
    const client = await connect();
    await client.send(`client ${i} says hi`);
    await client.expect(`client ${i} says hi`);
    await client.close();
  }
});
