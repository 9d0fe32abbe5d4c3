import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { StreamClient } from '../clients/stream-client.ts';
import { splitAt } from '../clients/stream-shaping.ts';
import { Transcript } from '../clients/transcript.ts';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import { HttpClient } from './http-client.ts';
import { lineEndingProblem } from './real-client.ts';

let servers: net.Server[] = [];
let sockets: net.Socket[] = [];
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
  sockets = [];
});

// An in-process server that reads a request up to its blank line, then answers with `reply(request)`;
// `close` says whether it closes after answering.
async function httpOf(reply: (request: Buffer) => Buffer | string | undefined, { close = true } = {}): Promise<{ http: HttpClient; transcript: Transcript; requests: Buffer[] }> {
  const requests: Buffer[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    let got = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (!got.includes('\r\n\r\n')) return;
      requests.push(got);
      const answer = reply(got);
      if (answer === undefined) socket.end();
      else if (close) socket.end(answer);
      else socket.write(answer);
    });
    socket.on('end', () => socket.end());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const transcript = new Transcript();
  const endpoint = { kind: 'tcp' as const, host: '127.0.0.1', port };
  let n = 0;
  const http = new HttpClient({
    connect: (label) => StreamClient.connect(endpoint, label ?? `client ${++n}`, transcript),
    host: `127.0.0.1:${port}`,
    forbidden: { bytes: Buffer.from('TOP-SECRET-BYTES-0123456789'), name: 'secret.bin' },
  });
  return { http, transcript, requests };
}

const file = Buffer.from('Grüße aus dem Netz — ✓\n', 'utf8');
const ok = (body: Buffer, head = ''): Buffer => Buffer.concat([Buffer.from(`HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n${head}\r\n`), body]);

describe('HttpClient', () => {
  test('reads a response framed by Content-Length, and one framed by the close', async () => {
    const { http, transcript, requests } = await httpOf(() => ok(file, `Content-Length: ${file.length}\r\n`));
    const res = await http.get('/notes.txt');
    res.expectFile(file, 'notes.txt').expectContentType('text/plain', 'a .txt file');
    expect(requests[0]?.toString()).toMatch(/^GET \/notes\.txt HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\n.*Connection: close\r\n\r\n$/s);
    expect(transcript.render()).toContain('response: HTTP/1.0 200 OK, Content-Length 29, 29 body bytes');
    const { http: byClose } = await httpOf(() => ok(file));
    (await byClose.get('/notes.txt')).expectFile(file, 'notes.txt');
  });

  test('stops at the end of a Content-Length body on a connection the server keeps open', async () => {
    const { http } = await httpOf(() => ok(file, `Content-Length: ${file.length}\r\n`), { close: false });
    const started = performance.now();
    (await http.get('/notes.txt', { timeoutMs: 10_000 })).expectFile(file, 'notes.txt');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  test('sends the request cut as asked', async () => {
    const { http, requests } = await httpOf(() => ok(file, `Content-Length: ${file.length}\r\n`));
    (await http.get('/notes.txt', { shape: splitAt(3, 10) })).expectFile(file, 'notes.txt');
    expect(requests[0]?.toString()).toContain('GET /notes.txt HTTP/1.1\r\n');
  });

  test('reads bare LF line ends, and names them', async () => {
    const { http } = await httpOf(() => `HTTP/1.0 200 OK\nContent-Length: ${file.length}\n\n${file.toString('latin1')}`);
    const res = await http.get('/notes.txt');
    expect(res.body.length).toBe(file.length);
    expect(lineEndingProblem(res.parts.head)).toBe('the status line and 2 more lines of the response end in a bare "\\n": every line of the head, and the blank line after it, must end in "\\r\\n"');
  });

  test('no blank line after the headers', async () => {
    const { http } = await httpOf(() => `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n<h1>hi</h1>\r\n`);
    const failure = await http.get('/').catch((e: unknown) => e);
    expect(isSockgradeError(failure, 'E_HTTP_FRAMING')).toBe(true);
    expect((failure as Error).message).toContain('line 4 of the response, "<h1>hi</h1>", is not a header: the headers must end with an empty line');
  });

  test('Content-Length in characters', async () => {
    const chars = [...file.toString('utf8')].length;
    const { http } = await httpOf(() => ok(file, `Content-Length: ${chars}\r\n`));
    const failure = await http.get('/notes.txt').then((r) => r.expectFile(file, 'notes.txt')).catch((e: unknown) => e);
    expect(isSockgradeError(failure, 'E_HTTP_FRAMING')).toBe(true);
    expect((failure as Error).message).toContain(`client 1 sent GET /notes.txt: Content-Length is ${chars} but the file has 29 bytes (off by -6)`);
  });

  test('wrong status and wrong Content-Type are named', async () => {
    const { http } = await httpOf(() => 'HTTP/1.0 303 Not Found\r\nContent-Length: 0\r\n\r\n');
    const failure = await http.get('/missing.txt').then((r) => r.expectStatus([404], 'no such file')).catch((e: unknown) => e);
    expect(isSockgradeError(failure, 'E_HTTP_STATUS')).toBe(true);
    expect((failure as Error).message).toContain('client 1 sent GET /missing.txt (no such file) and expected status 404, got 303 (status line "HTTP/1.0 303 Not Found")');
    const { http: typed } = await httpOf(() => ok(file, `Content-Length: ${file.length}\r\n`));
    const wrongType = await typed.get('/a.css').then((r) => r.expectContentType('text/css', 'a .css file')).catch((e: unknown) => e);
    expect(isSockgradeError(wrongType, 'E_HTTP_HEADER')).toBe(true);
    expect((wrongType as Error).message).toContain('a .css file needs "Content-Type: text/css", got "Content-Type: text/plain"');
  });

  test('the forbidden bytes are never accepted, whatever the status', async () => {
    const { http } = await httpOf(() => 'HTTP/1.0 403 Forbidden\r\n\r\nno! TOP-SECRET-BYTES-0123456789');
    const failure = await http.get('/../secret.bin').catch((e: unknown) => e);
    expect(isSockgradeError(failure, 'E_LEAK')).toBe(true);
    expect((failure as Error).message).toContain('client 1 sent GET /../secret.bin and got back the bytes of secret.bin, a file outside {root}');
  });

  test('a close without a response: an outcome for exchange, an error for get', async () => {
    const { http } = await httpOf(() => undefined);
    const outcome = await http.exchange('garbage\r\n\r\n');
    expect(outcome).toMatchObject({ kind: 'closed', how: 'eof', request: 'garbage' });
    const failure = await http.get('/').catch((e: unknown) => e);
    expect(isSockgradeError(failure, 'E_EARLY_EOF')).toBe(true);
    expect((failure as Error).message).toContain('client 2 sent GET / and the server closed the connection without any response');
  });

  test('no Content-Length and no close: the body has no end', async () => {
    const { http } = await httpOf(() => ok(file), { close: false });
    const failure = await http.get('/notes.txt', { timeoutMs: 300 }).then((r) => r.expectFile(file, 'notes.txt')).catch((e: unknown) => e);
    expect(isSockgradeError(failure, 'E_HTTP_FRAMING')).toBe(true);
    expect((failure as Error).message).toMatch(/no Content-Length and the connection stayed open \d+ms after 29 body bytes/);
  });

  test('silence is a timeout naming the request', async () => {
    const server = net.createServer((s) => sockets.push(s));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const http = new HttpClient({ connect: (label) => StreamClient.connect({ kind: 'tcp', host: '127.0.0.1', port }, label ?? 'client 1', new Transcript()), host: 'x' });
    const failure = await http.get('/', { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(isSockgradeError(failure, 'E_TIMEOUT')).toBe(true);
    expect((failure as Error).message).toBe('client 1 sent GET / and waited 200ms: no response');
  });
});
