import type { ByteInput } from '../bytes/bytes.ts';
import { toBuffer } from '../bytes/bytes.ts';
import { escapeText, showBytes } from '../bytes/show-bytes.ts';
import type { StreamClient } from '../clients/stream-client.ts';
import type { Segmentation, ShapedSend, ShapedSendOptions } from '../clients/stream-shaping.ts';
import { inOneWrite, sendShaped } from '../clients/stream-shaping.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { defaultTimeouts, scaled } from '../time/timeouts.ts';
import { carriesSecret } from './diagnose-body.ts';
import { requestBytes } from './http-request.ts';
import { HttpResponse } from './http-response.ts';
import { declaredLength, findHeadEnd, MAX_HEAD_BYTES, parseHead } from './parse-response.ts';

export interface HttpClientOptions {
  // Opens a connection to the server (a spec's `connect` fixture): the transcript records every byte.
  readonly connect: (label?: string) => Promise<StreamClient>;
  // The Host header's value, e.g. "127.0.0.1:8080".
  readonly host: string;
  // Bytes no response may ever carry (the secret next to {root}), and what to call them.
  readonly forbidden?: { readonly bytes: Buffer; readonly name: string };
  // Default deadline for a response head (ExchangeOptions.timeoutMs overrides it).
  readonly timeoutMs?: number;
}

export interface ExchangeOptions {
  readonly label?: string;
  // How the request is cut into writes (default: one write), and how those writes are paced.
  readonly shape?: Segmentation;
  readonly shaping?: ShapedSendOptions;
  // Deadline for the response head.
  readonly timeoutMs?: number;
  // Deadline for the body once the head is in (default: timeoutMs), e.g. longer for a large file.
  readonly bodyTimeoutMs?: number;
  // Half-close (FIN) after the request, as a client with nothing more to say.
  readonly halfClose?: boolean;
  // How the request is named in messages (default: its request line).
  readonly describe?: string;
}

// What came back for a request: a response, or a close (FIN or RST) before a complete response head.
export type HttpOutcome =
  | { readonly kind: 'response'; readonly response: HttpResponse; readonly send: ShapedSend }
  | { readonly kind: 'closed'; readonly how: 'eof' | 'reset'; readonly bytes: Buffer; readonly send: ShapedSend; readonly client: string; readonly request: string };

const ENDINGS = { eof: 'the server closed the connection', reset: 'the server reset the connection' } as const;

// The request line of raw request bytes, for messages: "GET /index.html".
function describeRequest(raw: Buffer): string {
  const line = raw.subarray(0, Math.max(0, raw.indexOf(0x0a))).toString('latin1').replace(/\r$/, '').replace(/ HTTP\/1\.[01]$/, '');
  if (raw.length === 0) return 'nothing';
  return line ? (/^[\x20-\x7e]*$/.test(line) ? line : escapeText(Buffer.from(line, 'latin1'))) : `the request ${escapeText(raw.subarray(0, 40))}`;
}

// A raw HTTP/1.x client for specs: each request on a new connection, cut as the test chooses; the
// response is parsed from the bytes (status line, headers, body by Content-Length or up to the close),
// leniently (bare "\n" line ends are read), and every byte that comes back is checked for the forbidden
// secret. Failures say exactly what was wrong: no blank line, a bad status line, Content-Length off by N.
export class HttpClient {
  #count = 0;

  constructor(readonly options: HttpClientOptions) {}

  // GET target; the server must answer with a complete response head (else the failure says what came).
  async get(target: string, options: ExchangeOptions = {}): Promise<HttpResponse> {
    return this.request('GET', target, options);
  }

  // Any method on target, with a well-formed request.
  async request(method: string, target: string, options: ExchangeOptions = {}): Promise<HttpResponse> {
    const outcome = await this.exchange(requestBytes(method, target, this.options.host), options);
    if (outcome.kind === 'response') return outcome.response;
    throw closedWithoutResponse(outcome);
  }

  // Sends raw request bytes on a new connection and reads what comes back: a response, or a close.
  async exchange(raw: ByteInput, options: ExchangeOptions = {}): Promise<HttpOutcome> {
    const bytes = toBuffer(raw);
    const client = await this.options.connect(options.label ?? `client ${++this.#count}`);
    const request = options.describe ?? describeRequest(bytes);
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? scaled(defaultTimeouts.expectMs);
    try {
      const send = await sendShaped(client, bytes, options.shape ?? inOneWrite, options.shaping);
      if (options.halfClose && !client.ended) await client.shutdownWrite();
      const outcome = await readResponse(client, request, { headMs: timeoutMs, bodyMs: options.bodyTimeoutMs ?? timeoutMs }, send);
      const seen = outcome.kind === 'response' ? Buffer.concat([outcome.response.parts.body, outcome.response.parts.after]) : outcome.bytes;
      this.#checkSecret(client.label, request, seen, outcome.kind === 'response' ? outcome.response.statusLine : undefined);
      client.transcript.record(client.label, 'note', outcome.kind === 'response' ? `response: ${outcome.response.summary()}` : `${ENDINGS[outcome.how]} without a complete response`);
      return outcome;
    } finally {
      await client.close();
    }
  }

  #checkSecret(label: string, request: string, bytes: Buffer, statusLine?: string): void {
    const forbidden = this.options.forbidden;
    if (!forbidden || !carriesSecret(bytes, forbidden.bytes)) return;
    throw new SockgradeError('E_LEAK', `${label} sent ${request} and got back the bytes of ${forbidden.name}, a file outside {root}${statusLine ? ` (status line ${JSON.stringify(statusLine)})` : ''}: never serve a path that resolves outside the root`, {
      context: { client: label, request },
    });
  }
}

// The error for a request that got no complete response: what arrived, and why it is not a response.
export function closedWithoutResponse(outcome: Extract<HttpOutcome, { kind: 'closed' }>): SockgradeError {
  const { client, request, bytes, how } = outcome;
  const stopped = outcome.send.stopped ? ` (sending stopped: ${outcome.send.stopped})` : '';
  if (bytes.length === 0) {
    // FIN or RST, a response that never came is one fault (see json-frame-reader.ts): the message says which.
    return new SockgradeError('E_EARLY_EOF', `${client} sent ${request} and ${ENDINGS[how]} without any response${stopped}`, { context: { client, request } });
  }
  const parsed = parseHead(bytes);
  const problem = 'problem' in parsed ? parsed.problem : `the response ended before the blank line ("\\r\\n\\r\\n") that ends its headers`;
  return new SockgradeError('E_HTTP_FRAMING', `${client} sent ${request}: ${problem}`, { details: `  received  ${showBytes(bytes)}\n  then ${ENDINGS[how]}`, context: { client, request } });
}

// Reads one response: the head up to its blank line, then the body by Content-Length or up to the close.
async function readResponse(client: StreamClient, request: string, { headMs: timeoutMs, bodyMs }: { headMs: number; bodyMs: number }, send: ShapedSend): Promise<HttpOutcome> {
  const headPart = await client.takeWhen((pending) => {
    const end = findHeadEnd(pending);
    if (end >= 0) return end;
    return pending.length >= MAX_HEAD_BYTES ? pending.length : undefined;
  }, { timeoutMs });
  const headEnd = findHeadEnd(headPart.bytes);
  if (headEnd < 0) {
    if (headPart.ended === 'eof' || headPart.ended === 'reset') return { kind: 'closed', how: headPart.ended, bytes: headPart.bytes, send, client: client.label, request };
    if (headPart.bytes.length === 0) {
      throw new SockgradeError('E_TIMEOUT', `${client.label} sent ${request} and waited ${timeoutMs}ms: no response`, { context: { client: client.label, request } });
    }
    const parsed = parseHead(headPart.bytes);
    const problem = 'problem' in parsed ? parsed.problem : headPart.ended === 'timeout' ? `the headers never ended: no blank line ("\\r\\n\\r\\n") within ${timeoutMs}ms` : `no blank line in the first ${MAX_HEAD_BYTES} bytes of the response`;
    throw new SockgradeError('E_HTTP_FRAMING', `${client.label} sent ${request}: ${problem}`, { details: `  received  ${showBytes(headPart.bytes)}`, context: { client: client.label, request } });
  }
  const parsed = parseHead(headPart.bytes);
  if ('problem' in parsed) {
    throw new SockgradeError('E_HTTP_FRAMING', `${client.label} sent ${request}: ${parsed.problem}`, { details: `  received  ${showBytes(headPart.bytes)}`, context: { client: client.label, request } });
  }
  const { head } = parsed;
  const declared = declaredLength(head);
  if (declared.problem) {
    throw new SockgradeError('E_HTTP_FRAMING', `${client.label} sent ${request}: ${declared.problem}`, { details: `  received  ${showBytes(headPart.bytes)}`, context: { client: client.label, request } });
  }
  const started = performance.now();
  const body =
    declared.length !== undefined
      ? await client.take(declared.length, { timeoutMs: bodyMs })
      : await client.takeWhen(() => undefined, { timeoutMs: bodyMs }).then((b) => (b.ended === 'eof' ? { bytes: b.bytes } : b));
  // What is already there after a Content-Length body: evidence when the length was wrong.
  const after = declared.length !== undefined && !body.ended ? (await client.takeWhen((p) => p.length, { timeoutMs: 1 })).bytes : Buffer.alloc(0);
  const response = new HttpResponse({
    client: client.label,
    request,
    head,
    body: body.bytes,
    framing: declared.length !== undefined ? 'content-length' : 'close',
    ...(body.ended ? { bodyEnded: body.ended } : {}),
    after,
    waitedMs: Math.round(performance.now() - started),
  });
  return { kind: 'response', response, send };
}
