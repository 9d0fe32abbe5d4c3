// Reference unix-echo server: tcp-echo over an AF_UNIX stream socket. A stale socket file left at the
// path by an earlier run is removed before bind() (bind() fails with EADDRINUSE while it exists).
import { lstatSync, unlinkSync } from 'node:fs';
import net from 'node:net';

const socketPath = process.argv[2] ?? process.env.SOCKET_PATH ?? '';

function removeStaleSocket(file: string): void {
  try {
    if (lstatSync(file).isSocket()) unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('error', () => socket.destroy());
  // pipe() applies backpressure and ends our side once the client's side has ended.
  socket.pipe(socket);
});

removeStaleSocket(socketPath);
server.listen(socketPath, () => {
  process.stderr.write(`reference unix-echo listening on ${socketPath}\n`);
});
// A server that is told to stop removes its socket file, so nothing is left at the path.
process.on('SIGTERM', () => {
  removeStaleSocket(socketPath);
  process.exit(0);
});
