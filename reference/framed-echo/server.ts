// Reference framed-echo server: a message is a 4-byte unsigned big-endian length N (struct '!I') then N
// payload bytes, 0 <= N <= 4 MiB. Each complete message is answered with one message carrying the same
// payload, however the stream was split or coalesced. Clients are served at once; a client that leaves
// mid-message, resets or vanishes disturbs no one. A header announcing more than 4 MiB closes that connection.
import net from 'node:net';

const port = Number(process.argv[2] ?? process.env.PORT);
const host = process.env.HOST ?? '127.0.0.1';
const MAX_PAYLOAD = 4 * 1024 * 1024;

const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  // Received bytes not yet part of a complete message, as a list of chunks (no quadratic concatenation).
  const chunks: Buffer[] = [];
  let buffered = 0;
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    buffered += chunk.length;
    for (;;) {
      if (buffered < 4) return;
      if (chunks[0]!.length < 4) chunks.splice(0, chunks.length, Buffer.concat(chunks));
      const length = chunks[0]!.readUInt32BE(0);
      if (length > MAX_PAYLOAD) {
        socket.destroy();
        return;
      }
      if (buffered < 4 + length) return;
      const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const message = all.subarray(0, 4 + length);
      const rest = all.subarray(4 + length);
      chunks.length = 0;
      if (rest.length > 0) chunks.push(rest);
      buffered = rest.length;
      // The reply is the message itself: same header, same payload. Stop reading while the client is slow.
      if (!socket.write(message)) {
        socket.pause();
        socket.once('drain', () => socket.resume());
      }
    }
  });
  // The client has finished sending: every complete message is answered; an incomplete one is dropped.
  socket.on('end', () => socket.end());
});

server.listen({ host, port }, () => {
  process.stderr.write(`reference framed-echo listening on ${host}:${port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
