import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AssignmentFixtures, ExchangeOptions, HttpResponse, Segmentation, StreamClient } from 'sockgrade';
import {
  assignmentTest,
  closedWithoutResponse,
  fetchPage,
  HttpClient,
  isSockgradeError,
  lineEndingProblem,
  randomSplits,
  requestBytes,
  samplePng,
  scaled,
  seedsToTry,
  SockgradeError,
  splitAt,
  targetFor,
} from 'sockgrade';

// The site every server serves: each file a test asks for, by its path below {root}.
const INDEX = Buffer.from('<!DOCTYPE html>\n<html>\n<head><title>sockgrade</title><link rel="stylesheet" href="/style.css"></head>\n\n<body>\n<h1>It works</h1>\n\n<p>Served by your own HTTP server.</p>\n</body>\n</html>\n');
const FILES: Readonly<Record<string, Buffer>> = {
  'index.html': INDEX,
  'style.css': Buffer.from('body { font-family: sans-serif; }\nh1 { color: #336; }\n'),
  'notes.txt': Buffer.from('Plain ASCII notes.\nLine two.\n'),
  // Non-ASCII UTF-8: its length in bytes is not its length in characters.
  'docs/guide/unicode.txt': Buffer.from('Grüße, café, naïve — ünïcödé ✓\n日本語のテキスト\n', 'utf8'),
  'images/logo.png': samplePng(32, 32, 7),
  // Names that need %XX in a URL: a space, a percent sign, a non-ASCII letter.
  'my notes/100% done.txt': Buffer.from('the space and the percent sign were decoded\n'),
  'café.txt': Buffer.from('the UTF-8 name was decoded\n'),
};
// Several MiB of ASCII lines, only in the large-file test's {root}.
const LARGE_PATH = 'big/large.txt';
const LARGE = Buffer.from(Array.from({ length: 112 * 1024 }, (_, i) => `line ${String(i).padStart(6, '0')} of a large file, served whole ...........\n`).join(''));

async function seed(dir: string, files: Readonly<Record<string, Buffer>>): Promise<void> {
  for (const [name, bytes] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), bytes);
  }
}

const test = assignmentTest({ endpoint: 'tcp', root: (dir) => seed(dir, FILES) });
const largeTest = assignmentTest({ endpoint: 'tcp', root: (dir) => seed(dir, { ...FILES, [LARGE_PATH]: LARGE }) });

// How long a response may take, outside the idle-client test: generous, since no test but that one is
// about speed, and on a loaded machine a correct server was seen to take over 2 s.
const RESPONSE_MS = 10_000;

// The raw client of a test: every response is checked for the bytes of the secret beside {root}.
function httpOf({ connect, server, root }: Pick<AssignmentFixtures, 'connect' | 'server' | 'root'>): HttpClient {
  return new HttpClient({ connect, host: `127.0.0.1:${server.port}`, timeoutMs: scaled(RESPONSE_MS), forbidden: { bytes: root.secret, name: `${path.basename(root.secretPath)} (beside {root})` } });
}

// After a request that may have crashed the server, a normal request must still be served. (If the
// server died, the harness reports its death, E_SERVER_EXITED, whatever the client saw.)
async function expectStillServing(http: HttpClient, after: string): Promise<void> {
  try {
    (await http.get('/', { label: 'next client' })).expectFile(INDEX, 'index.html');
  } catch (err) {
    if (!isSockgradeError(err)) throw err;
    throw new SockgradeError(err.code, `${err.shortMessage}, after ${after}`, { details: err.details, context: err.context });
  }
}

test('serves / as index.html, byte-exact', {
  meta: { points: 2, hint: 'Read the request up to the blank line; "GET / HTTP/1.1" serves {root}/index.html. Reply "HTTP/1.0 200 OK\\r\\n", headers each ending "\\r\\n", an empty line "\\r\\n", then the file\'s bytes.' },
}, async ({ connect, server, root }) => {
  (await httpOf({ connect, server, root }).get('/')).expectFile(INDEX, 'index.html');
});

test('serves a file in a nested folder, byte-exact (UTF-8 text: Content-Length counts bytes)', {
  meta: { points: 2, hint: 'Join the path to {root} (without its leading "/"). Read the file in binary mode ("rb") and send Content-Length: len(the bytes) — a str\'s len() counts characters, and "é" is 2 bytes in UTF-8.' },
}, async ({ connect, server, root }) => {
  (await httpOf({ connect, server, root }).get('/docs/guide/unicode.txt')).expectFile(FILES['docs/guide/unicode.txt'] as Buffer, 'docs/guide/unicode.txt');
});

test('serves a binary file unchanged (a PNG image)', {
  meta: { points: 2, hint: 'Open files with open(path, "rb") and send the bytes as they are: text mode decodes (and fails on, or alters) bytes that are not UTF-8, and may translate "\\r\\n".' },
}, async ({ connect, server, root }) => {
  (await httpOf({ connect, server, root }).get('/images/logo.png')).expectFile(FILES['images/logo.png'] as Buffer, 'images/logo.png');
});

largeTest('serves a 6 MiB file whole', {
  meta: { points: 1, hint: 'Send the whole file: sendall() (or socket.sendfile()), never a single send(); Content-Length is the file size in bytes.' },
}, async ({ connect, server, root }) => {
  const response = await httpOf({ connect, server, root }).get(`/${LARGE_PATH}`, { bodyTimeoutMs: scaled(15_000) });
  response.expectFile(LARGE, LARGE_PATH);
});

test('decodes %XX in the path and ignores a query string', {
  meta: { points: 1, hint: 'The path of "GET /my%20notes/100%25%20done.txt?x=1" is "/my notes/100% done.txt": cut at "?", then urllib.parse.unquote() the path (UTF-8, so %C3%A9 is "é").' },
}, async ({ connect, server, root }) => {
  const http = httpOf({ connect, server, root });
  (await http.get(`${targetFor('my notes/100% done.txt')}?download=1&x=%20`)).expectFile(FILES['my notes/100% done.txt'] as Buffer, 'my notes/100% done.txt');
  (await http.get(targetFor('café.txt'))).expectFile(FILES['café.txt'] as Buffer, 'café.txt');
  (await http.get('/index.html?')).expectFile(INDEX, 'index.html');
});

test('reads a request that arrives in several pieces', {
  meta: { points: 2, hint: 'One recv() is not the whole request: TCP may deliver "GET" now and the rest later. Append to a buffer until it holds the blank line "\\r\\n\\r\\n", then parse.' },
}, async ({ connect, server, root }) => {
  const http = httpOf({ connect, server, root });
  const target = '/notes.txt';
  const file = FILES['notes.txt'] as Buffer;
  // The same request in one write first: a failure there is not about pieces.
  (await http.get(target, { label: 'client, one write' })).expectFile(file, 'notes.txt');
  const length = requestBytes('GET', target, `127.0.0.1:${server.port}`).length;
  // Inside the method, at the blank line, and at random points. Only the first pieces need pacing to
  // catch a single recv(): a short pacing budget keeps the test quick on a loaded machine.
  const shapes: Segmentation[] = [splitAt(3), splitAt(length - 2), ...seedsToTry([5]).map((s) => randomSplits(s, { maxCuts: 4 }))];
  for (const shape of shapes) {
    const options: ExchangeOptions = { shape, shaping: { paceBudgetMs: scaled(1500) }, label: `client, ${shape.name}` };
    try {
      (await http.get(target, options)).expectFile(file, 'notes.txt');
    } catch (err) {
      if (!isSockgradeError(err) || err.code === 'E_LEAK') throw err;
      throw new SockgradeError('E_HTTP_FRAMING', `the request sent in one write was answered right, but sent ${shape.name} it was not: ${err.shortMessage} — one recv() was taken as the whole request (read until the blank line "\\r\\n\\r\\n")`, { details: err.details, context: err.context });
    }
  }
});

test('answers 404 for a missing file', {
  meta: { points: 1, hint: 'A file that does not exist is "HTTP/1.0 404 Not Found" (404, not 303: 303 is "See Other"), with a small body and the blank line as always.' },
}, async ({ connect, server, root }) => {
  const http = httpOf({ connect, server, root });
  (await http.get('/no-such-file.html')).expectStatus([404], 'no such file');
  (await http.get('/docs/guide/missing.txt')).expectStatus([404], 'no such file');
});

test('refuses paths that escape the root, never leaking a file outside it', {
  meta: { points: 2, hint: 'Resolve the decoded path (os.path.realpath(os.path.join(root, path.lstrip("/")))) and refuse it with 403 or 404 unless it is inside root. Beware: "..", "%2e%2e" and an absolute path after "//" all escape a naive join.' },
}, async ({ connect, server, root }) => {
  const http = httpOf({ connect, server, root });
  const name = path.basename(root.secretPath);
  const absolute = root.secretPath;
  const targets = [`/../${name}`, `/%2e%2e/${name}`, `/..%2F${name}`, `/docs/../../${name}`, `/${absolute}`, `/${absolute.split('/').map(encodeURIComponent).join('%2F')}`];
  for (const target of targets) (await http.get(target)).expectStatus([400, 403, 404], 'a path outside {root}');
});

test('answers other methods with an error status and keeps serving', {
  meta: { points: 1, hint: 'Only GET (HEAD optional) is served: answer any other method with a 4xx or 5xx status (405 Method Not Allowed, 501 Not Implemented), then go on serving.' },
}, async ({ connect, server, root }) => {
  const http = httpOf({ connect, server, root });
  const serverError = { test: (s: number) => s >= 400 && s < 600, describe: '4xx or 5xx' };
  (await http.request('DELETE', '/index.html')).expectStatus(serverError, 'not GET');
  const post = await http.exchange(requestBytes('POST', '/index.html', `127.0.0.1:${server.port}`, { 'Content-Length': '0' }));
  if (post.kind === 'closed') throw closedWithoutResponse(post);
  post.response.expectStatus(serverError, 'not GET');
  await expectStillServing(http, 'DELETE and POST requests');
});

// A bad request's outcome: any 4xx, or a close (FIN or RST); silence past the deadline or another status fails.
async function expectRefusedOrClosed(http: HttpClient, raw: Buffer | string, what: string, options: ExchangeOptions = {}): Promise<void> {
  let outcome;
  try {
    outcome = await http.exchange(raw, { ...options, describe: what });
  } catch (err) {
    if (isSockgradeError(err, 'E_TIMEOUT')) throw new SockgradeError('E_TIMEOUT', `${err.shortMessage}: a bad request must get a 4xx status or a close`);
    throw err;
  }
  if (outcome.kind === 'response') outcome.response.expectStatus({ test: (s) => s >= 400 && s < 500, describe: '4xx (or a close)' }, 'a bad request');
}

test('answers garbage and empty requests with a 4xx or a close, and keeps serving', {
  meta: { points: 1, hint: 'Never trust the request: a line without spaces, an empty request, or a client that closes at once must not raise an uncaught exception (check len(parts), catch ValueError), and the server goes on.' },
}, async ({ connect, server, root }) => {
  const http = httpOf({ connect, server, root });
  await expectRefusedOrClosed(http, 'garbage-without-any-space\r\n\r\n', 'a line with no spaces');
  await expectRefusedOrClosed(http, '\r\n', 'only a blank line, then a half-close', { halfClose: true });
  await expectRefusedOrClosed(http, '', 'nothing, then a half-close', { halfClose: true });
  await expectStillServing(http, 'a garbage request, an empty one and a client that sent nothing');
});

test('answers a request line with invalid UTF-8 with a 4xx or a close, and keeps serving', {
  meta: { points: 1, hint: 'Bytes on the wire need not be UTF-8: request.decode() raises UnicodeDecodeError on them. Decode with errors="replace" or latin-1, or catch the error and answer 400 — never let it end the server.' },
}, async ({ connect, server, root }) => {
  const http = httpOf({ connect, server, root });
  const raw = Buffer.concat([Buffer.from('GET /caf'), Buffer.from([0xff, 0xfe, 0xe9]), Buffer.from(`.txt HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`)]);
  await expectRefusedOrClosed(http, raw, 'GET /caf\\xff\\xfe\\xe9.txt (invalid UTF-8)');
  await expectStillServing(http, 'a request line with invalid UTF-8');
});

test('sends the right Content-Type for .html, .txt, .png and .css', {
  meta: { points: 1, hint: 'Content-Type by extension: .html text/html, .txt text/plain, .png image/png, .css text/css ("; charset=utf-8" may follow).' },
}, async ({ connect, server, root }) => {
  const http = httpOf({ connect, server, root });
  for (const [file, type] of [['index.html', 'text/html'], ['notes.txt', 'text/plain'], ['images/logo.png', 'image/png'], ['style.css', 'text/css']] as const) {
    (await http.get(`/${file}`)).expectStatus([200], `${file} exists`).expectContentType(type, `a .${file.split('.').pop()} file`);
  }
});

test('an idle client does not hold up another for more than 2 s', {
  meta: { points: 2, hint: 'A client may connect and send nothing: recv() blocks on it. Serve each client in its own thread (or with select()), so others are answered meanwhile.' },
}, async ({ connect, server, root }) => {
  const http = httpOf({ connect, server, root });
  // The same request first with no idle client: what the idle client adds is measured beyond it, so a
  // machine slow to schedule the server is not taken for a server held up.
  const started = performance.now();
  (await http.get('/', { label: 'client 1' })).expectFile(INDEX, 'index.html');
  const alone = Math.round(performance.now() - started);
  const idle: StreamClient = await connect('idle client');
  const limit = scaled(2000) + alone;
  let response: HttpResponse;
  try {
    response = await http.get('/', { label: 'client 2', timeoutMs: limit });
  } catch (err) {
    if (isSockgradeError(err, 'E_TIMEOUT')) {
      throw new SockgradeError('E_NOT_CONCURRENT', `${err.shortMessage} (2000ms more than the ${alone}ms the same request took with no idle client), while the idle client was connected and silent: one client must not hold up another`);
    }
    throw err;
  }
  response.expectFile(INDEX, 'index.html');
  await idle.close();
});

test('a real HTTP client (Node fetch) loads the pages', {
  meta: { points: 2, hint: 'Real browsers and clients are strict: every line of the head ends in "\\r\\n" (not print()\'s "\\n"), the head ends with an empty line, and Content-Length is exact.' },
}, async ({ connect, server, root, transcript }) => {
  for (const [file, target] of [['index.html', '/'], ['style.css', '/style.css']] as const) {
    const url = `http://127.0.0.1:${server.port}${target}`;
    const want = FILES[file] as Buffer;
    let failure: SockgradeError;
    try {
      const page = await fetchPage(url, { timeoutMs: scaled(RESPONSE_MS), transcript });
      if (page.status === 200 && page.body.equals(want)) continue;
      failure = page.status !== 200
        ? new SockgradeError('E_HTTP_STATUS', `fetch("${url}") got status ${page.status}, expected 200`)
        : new SockgradeError('E_MISMATCH', `fetch("${url}") got ${page.body.length} body bytes that are not ${file} (${want.length} bytes)`);
    } catch (err) {
      if (!isSockgradeError(err)) throw err;
      failure = err;
    }
    // Ask again with the raw client, which reads leniently: its own failure, if any, is the more precise
    // verdict; otherwise name what the strict client choked on.
    const raw = await httpOf({ connect, server, root }).get(target, { label: 'raw client' });
    raw.expectFile(want, file);
    const problem = lineEndingProblem(raw.parts.head);
    throw new SockgradeError(failure.code, `${failure.shortMessage}${problem ? `: ${problem}` : ''}`, { details: `the raw client read: ${raw.summary()}` });
  }
});
