// The mistakes a JSON-header frame (4-byte length, JSON header, body) can reveal, as failure messages name them.
export const jsonFrameMistakes = {
  headerLength: 'the header length does not count the header\'s bytes: send the length of the encoded header, len(header_bytes), where header_bytes = json.dumps(...).encode("utf-8") (len() of the str counts characters)',
  littleEndian: 'the header length was written little-endian (struct.pack("i") or "<I"); this protocol uses "!I", network byte order',
  noLength: 'the reply has no 4-byte header length in front: send struct.pack(..., len(header_bytes)) + header_bytes + body',
  notObject: 'the header is not a JSON object: send json.dumps({"total_size": ..., ...})',
  totalSize: '"total_size" must be the body\'s length in bytes, an integer',
  bodyShort: 'the body is shorter than total_size: send the whole body with sendall() (send() may send only part of it, and on a non-blocking socket the rest is lost)',
  bodyLong: 'the body is longer than total_size: total_size must be len(body) counted in bytes, not characters (len(output.decode()) counts characters)',
  stuck: 'two replies stuck together: each command gets exactly one reply (header length, header, body)',
  md5: 'the "md5" in the header is not the hex MD5 of the body (hashlib.md5(body).hexdigest())',
  stderrDropped: 'the command\'s stderr is missing: the body is its stdout, then its stderr (subprocess.run(..., capture_output=True): stdout + stderr)',
  stderrFirst: 'stderr came before stdout: the body is the command\'s stdout, then its stderr',
} as const;

export type JsonFrameMistake = keyof typeof jsonFrameMistakes;
