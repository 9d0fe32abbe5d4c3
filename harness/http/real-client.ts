import { SockgradeError } from '../errors/sockgrade-error.ts';
import { plural } from '../bytes/show-bytes.ts';
import type { Transcript } from '../clients/transcript.ts';
import type { ResponseHead } from './parse-response.ts';

// What a real HTTP client (Node's own fetch, strict about the protocol) got for a URL.
export interface FetchedPage {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: Buffer;
}

// The innermost cause of a fetch failure: undici wraps the parser's error ("HPE_INVALID_HEADER_TOKEN").
function rootCause(err: unknown): { code?: string; message: string } {
  let e = err as { cause?: unknown; code?: string; message?: string };
  while (e && typeof e === 'object' && e.cause && typeof e.cause === 'object') e = e.cause as typeof e;
  return { ...(e?.code ? { code: e.code } : {}), message: e?.message ?? String(err) };
}

// Loads a URL with Node's fetch (undici, llhttp: CRLF line ends, exact framing) within a deadline; a
// failure is an E_HTTP_FRAMING carrying the client's own reason, e.g. "Response does not match the
// HTTP/1.1 protocol (Invalid header value char)".
export async function fetchPage(url: string, { timeoutMs, transcript, label = 'fetch' }: { timeoutMs: number; transcript: Transcript; label?: string }): Promise<FetchedPage> {
  transcript.record(label, 'note', `fetch("${url}")`);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { signal, headers: { connection: 'close' }, redirect: 'manual' });
    const body = Buffer.from(await response.arrayBuffer());
    transcript.record(label, 'note', `status ${response.status}, ${plural(body.length, 'body byte')}`);
    return { status: response.status, contentType: response.headers.get('content-type'), body };
  } catch (err) {
    const cause = rootCause(err);
    const why = signal.aborted ? `no complete response within ${timeoutMs}ms` : `${cause.message}${cause.code ? ` (${cause.code})` : ''}`;
    transcript.record(label, 'error', why);
    throw new SockgradeError('E_HTTP_FRAMING', `a real HTTP client (Node's fetch) could not load ${url}: ${why}`, { cause: err });
  }
}

// The line-ending mistake a raw read of the same response shows, for a real client's failure: lines
// ending in a bare "\n" (print() or "\n".join) where HTTP needs "\r\n".
export function lineEndingProblem(head: ResponseHead): string | undefined {
  const bare = head.bareLfLines;
  if (bare.length === 0) return undefined;
  const which = bare.includes(0) ? `the status line${bare.length > 1 ? ` and ${plural(bare.length - 1, 'more line')}` : ''}` : plural(bare.length, 'header line');
  return `${which} of the response end in a bare "\\n": every line of the head, and the blank line after it, must end in "\\r\\n"`;
}
