// Reference udp-echo server: answers each datagram (empty ones too) with one datagram holding the same
// bytes, sent from the bound socket to the address the datagram came from.
import dgram from 'node:dgram';

const port = Number(process.argv[2] ?? process.env.PORT);
const host = process.env.HOST ?? '127.0.0.1';

const socket = dgram.createSocket({ type: 'udp4' });
socket.on('message', (data, from) => {
  socket.send(data, from.port, from.address);
});
// A vanished sender can surface as an ICMP error on some systems; it concerns that sender only.
socket.on('error', (err) => process.stderr.write(`reference udp-echo: ${err.message}\n`));

socket.bind({ address: host, port }, () => {
  process.stderr.write(`reference udp-echo bound to ${host}:${port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
