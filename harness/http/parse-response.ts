import { escapeText } from '../bytes/show-bytes.ts';

// The status line and headers of an HTTP/1.x response, parsed leniently: bare "\n" line ends are read
// (and noted), any reason phrase, header names compared without case (RFC 9112 §2.2, §4, §5).
export interface ResponseHead {
  readonly statusLine: string;
  readonly version: string;
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly (readonly [string, string])[];
  // Bytes of the status line, headers and blank line: the body starts here.
  readonly headBytes: number;
  // The lines that ended in a bare "\n" instead of "\r\n" (0 = the status line; the blank line counts too).
  readonly bareLfLines: readonly number[];
}

// How far the blank line that ends the headers is searched for: far beyond any sane head, so a response
// without one is diagnosed at once instead of waiting for a large body to arrive.
export const MAX_HEAD_BYTES = 64 * 1024;

// The offset just past the blank line that ends the head ("\r\n\r\n", or bare "\n\n" and mixes), or -1.
export function findHeadEnd(bytes: Buffer): number {
  const window = bytes.subarray(0, MAX_HEAD_BYTES);
  let from = 0;
  for (;;) {
    const lf = window.indexOf(0x0a, from);
    if (lf < 0) return -1;
    if (window[lf + 1] === 0x0a) return lf + 2;
    if (window[lf + 1] === 0x0d && window[lf + 2] === 0x0a) return lf + 3;
    if (lf + 2 >= window.length) return -1;
    from = lf + 1;
  }
}

const STATUS_LINE = /^(HTTP\/1\.[01]) (\d{3})(?: (.*))?$/;
// A header field: a token, a colon, a value (RFC 9110 §5.1, §5.6.2).
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;

// Splits a head (with or without its blank line) into lines, noting which ended in a bare "\n".
function splitLines(head: Buffer): { lines: string[]; bareLf: number[] } {
  const lines: string[] = [];
  const bareLf: number[] = [];
  let start = 0;
  for (;;) {
    const lf = head.indexOf(0x0a, start);
    if (lf < 0) {
      if (start < head.length) lines.push(head.subarray(start).toString('latin1'));
      return { lines, bareLf };
    }
    const crlf = lf > start && head[lf - 1] === 0x0d;
    if (!crlf) bareLf.push(lines.length);
    lines.push(head.subarray(start, crlf ? lf - 1 : lf).toString('latin1'));
    start = lf + 1;
  }
}

// Why a status line is not one: the words a student can act on.
export function statusLineProblem(line: string): string | undefined {
  if (STATUS_LINE.test(line)) return undefined;
  const shown = escapeText(Buffer.from(line.slice(0, 60), 'latin1'));
  if (line === '') return 'the response starts with an empty line instead of the status line ("HTTP/1.1 200 OK")';
  if (/^HTTP\/\d(\.\d)?\s/i.test(line) && !/^HTTP\/1\.[01] /.test(line)) return `the status line ${shown} does not start with "HTTP/1.0 " or "HTTP/1.1 "`;
  if (/^HTTP\/1\.[01] \d{3}$/.test(line.trimEnd())) return undefined;
  if (/^HTTP\/1\.[01]\s+\d{3}/.test(line)) return `the status line ${shown} is not "HTTP/1.x NNN reason" with single spaces`;
  return `the response does not start with a status line ("HTTP/1.1 200 OK"): its first line is ${shown}`;
}

// Parses a head (the bytes up to and including the blank line, or all that arrived when there was none).
// A head that is not one gets the problem a student can act on: a bad status line, a body line among the
// headers (no blank line before the body), a header line without a colon.
export function parseHead(head: Buffer): { head: ResponseHead } | { problem: string } {
  const { lines, bareLf } = splitLines(head);
  const statusLine = lines[0] ?? '';
  const problem = statusLineProblem(statusLine);
  if (problem) return { problem };
  const [, version, code, reason] = STATUS_LINE.exec(statusLine.trimEnd()) as RegExpExecArray;
  const headers: [string, string][] = [];
  const fields = lines.slice(1);
  // The head's own blank line is the last line; anything after the status line up to it must be a header.
  if (fields.at(-1) === '') fields.pop();
  for (const [i, line] of fields.entries()) {
    const m = HEADER_LINE.exec(line);
    if (!m) {
      const shown = escapeText(Buffer.from(line.slice(0, 60), 'latin1'));
      const looksLikeBody = !line.includes(':') || /^\s*</.test(line);
      return {
        problem: looksLikeBody
          ? `line ${i + 2} of the response, ${shown}, is not a header: the headers must end with an empty line ("\\r\\n\\r\\n") before the body`
          : `line ${i + 2} of the response, ${shown}, is not a valid header ("Name: value")`,
      };
    }
    headers.push([m[1] as string, m[2] as string]);
  }
  return { head: { statusLine, version: version as string, status: Number(code), reason: reason ?? '', headers, headBytes: head.length, bareLfLines: bareLf } };
}

// The value of a header (the first, if repeated), by case-insensitive name.
export function headerValue(head: ResponseHead, name: string): string | undefined {
  const lower = name.toLowerCase();
  return head.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

// The body length a Content-Length header declares: absent, a length, or why it is unusable.
export function declaredLength(head: ResponseHead): { length?: number; problem?: string } {
  const values = head.headers.filter(([n]) => n.toLowerCase() === 'content-length').map(([, v]) => v);
  if (values.length === 0) return {};
  const distinct = [...new Set(values.flatMap((v) => v.split(',').map((s) => s.trim())))];
  if (distinct.length > 1) return { problem: `the response has conflicting Content-Length values: ${distinct.join(', ')}` };
  const value = distinct[0] as string;
  if (!/^\d{1,15}$/.test(value)) return { problem: `Content-Length ${JSON.stringify(value)} is not a number of bytes` };
  return { length: Number(value) };
}
