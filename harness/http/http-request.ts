// The bytes of a request as a well-behaved HTTP/1.1 client sends it: request line, Host, Connection:
// close (the server may close after its response), any extra headers, the blank line; CRLF throughout.
export function requestBytes(method: string, target: string, host: string, headers: Readonly<Record<string, string>> = {}): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`, `Host: ${host}`, 'User-Agent: sockgrade', 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''];
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

// A request target for a path below the root: each segment percent-encoded (RFC 3986 §2.1), "/" kept.
export function targetFor(relativePath: string): string {
  return `/${relativePath.split('/').map((segment) => encodeURIComponent(segment)).join('/')}`;
}
