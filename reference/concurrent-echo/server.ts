// Reference concurrent-echo server: serves every client at once (one event loop), echoes every byte on its connection as it arrives; on the client's FIN
// it finishes sending, then closes; resets and vanishing clients are ignored.
import net from 'node:net';

const port = Number(process.argv[2] ?? process.env.PORT);
const host = process.env.HOST ?? '127.0.0.1';

const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('error', () => socket.destroy());
  // pipe() applies backpressure and ends our side once the client's side has ended.
  socket.pipe(socket);
});

server.listen({ host, port, backlog: 1024 }, () => {
  process.stderr.write(`reference concurrent-echo listening on ${host}:${port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
