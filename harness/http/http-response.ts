import { SockgradeError } from '../errors/sockgrade-error.ts';
import { escapeText, plural } from '../bytes/show-bytes.ts';
import { compareBytes } from '../bytes/show-bytes.ts';
import type { ResponseHead } from './parse-response.ts';
import { declaredLength, headerValue } from './parse-response.ts';
import { diagnoseBody } from './diagnose-body.ts';

// One HTTP response as the raw client read it off the wire.
export interface ResponseParts {
  // Who asked, and what: "client 1", "GET /index.html".
  readonly client: string;
  readonly request: string;
  readonly head: ResponseHead;
  // The body as framed: Content-Length bytes, or everything up to the close.
  readonly body: Buffer;
  readonly framing: 'content-length' | 'close';
  // Why the body stopped before its end (short of Content-Length, or no close), if it did.
  readonly bodyEnded?: 'eof' | 'reset' | 'timeout';
  // Bytes already there after a Content-Length body (evidence for a wrong Content-Length).
  readonly after: Buffer;
  // How long the client waited for the body before giving up, for messages.
  readonly waitedMs: number;
}

const ENDINGS = { eof: 'the server closed the connection', reset: 'the server reset the connection', timeout: 'nothing more came' } as const;

// A parsed response with the checks a spec makes on it; each failure names the request and what was wrong.
export class HttpResponse {
  constructor(readonly parts: ResponseParts) {}

  get status(): number {
    return this.parts.head.status;
  }

  get body(): Buffer {
    return this.parts.body;
  }

  get statusLine(): string {
    return this.parts.head.statusLine;
  }

  // A header's value by case-insensitive name.
  header(name: string): string | undefined {
    return headerValue(this.parts.head, name);
  }

  #head(): string {
    const { head } = this.parts;
    const lines = [head.statusLine, ...head.headers.map(([n, v]) => `${n}: ${v}`)];
    return lines.map((l) => `    ${escapeText(Buffer.from(l, 'latin1'))}`).join('\n');
  }

  // Expects the status code to be one of `allowed` (e.g. [404], or a predicate like "any 4xx").
  expectStatus(allowed: readonly number[] | { readonly test: (status: number) => boolean; readonly describe: string }, why = ''): this {
    const ok = Array.isArray(allowed) ? allowed.includes(this.status) : (allowed as { test: (s: number) => boolean }).test(this.status);
    if (ok) return this;
    const want = Array.isArray(allowed) ? (allowed.length === 1 ? `${allowed[0]}` : `one of ${allowed.join(', ')}`) : (allowed as { describe: string }).describe;
    throw new SockgradeError('E_HTTP_STATUS', `${this.parts.client} sent ${this.parts.request}${why ? ` (${why})` : ''} and expected status ${want}, got ${this.status} (status line ${JSON.stringify(this.statusLine)})`, {
      details: `  response head:\n${this.#head()}`,
      context: { client: this.parts.client, request: this.parts.request, status: this.status },
    });
  }

  // Expects "200" and the file's exact bytes as the body, correctly framed; a wrong body is diagnosed
  // (Content-Length off by N, characters counted for bytes, a text-mode read, a cut body).
  expectFile(file: Buffer, name: string): this {
    this.expectStatus([200], `${name} exists`);
    const { body, bodyEnded, framing, after } = this.parts;
    const declared = declaredLength(this.parts.head).length;
    if (framing === 'close' && bodyEnded === 'timeout') {
      throw new SockgradeError('E_HTTP_FRAMING', `${this.parts.client} sent ${this.parts.request}: the response has no Content-Length and the connection stayed open ${this.parts.waitedMs}ms after ${plural(body.length, 'body byte')}, so a client cannot tell where the body ends`, {
        details: `  response head:\n${this.#head()}\n  Send "Content-Length: <bytes>", or close the connection right after the body.`,
      });
    }
    const problem = diagnoseBody({ file, body, after, ...(declared !== undefined ? { contentLength: declared } : {}), ...(bodyEnded ? { ended: bodyEnded } : {}) });
    if (!problem) return this;
    const framingWrong = declared !== undefined && (declared !== file.length || (bodyEnded !== undefined && body.length < declared));
    throw new SockgradeError(framingWrong ? 'E_HTTP_FRAMING' : 'E_MISMATCH', `${this.parts.client} sent ${this.parts.request}: ${problem}`, {
      details: [`  response head:\n${this.#head()}`, compareBytes({ expected: file, received: body })].join('\n'),
      context: { client: this.parts.client, request: this.parts.request, bodyBytes: body.length, fileBytes: file.length },
    });
  }

  // Expects the media type of Content-Type (parameters like "; charset=utf-8" allowed, case ignored).
  expectContentType(mediaType: string, name: string): this {
    const value = this.header('content-type');
    const got = value?.split(';')[0]?.trim().toLowerCase();
    if (got === mediaType.toLowerCase()) return this;
    throw new SockgradeError('E_HTTP_HEADER', `${this.parts.client} sent ${this.parts.request}: ${name} needs "Content-Type: ${mediaType}", got ${value === undefined ? 'no Content-Type header' : JSON.stringify(`Content-Type: ${value}`)}`, {
      details: `  response head:\n${this.#head()}`,
    });
  }

  // A one-line summary for transcripts: `HTTP/1.0 200 OK, Content-Length 1234, 1234 body bytes`.
  summary(): string {
    const { head, body, framing, bodyEnded } = this.parts;
    const cl = declaredLength(head).length;
    return `${head.statusLine}, ${cl === undefined ? 'no Content-Length' : `Content-Length ${cl}`}, ${plural(body.length, 'body byte')}${framing === 'close' && !bodyEnded ? ' up to the close' : ''}${bodyEnded ? ` (${ENDINGS[bodyEnded]})` : ''}`;
  }
}
