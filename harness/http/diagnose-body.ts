import { firstDifference } from '../bytes/bytes.ts';
import { plural } from '../bytes/show-bytes.ts';

// What a file server sent as a file's body, with what the test knows about the file.
export interface BodyEvidence {
  // The file's exact bytes.
  readonly file: Buffer;
  // The body as framed by the response (Content-Length bytes, or everything up to the close).
  readonly body: Buffer;
  // The declared Content-Length, if any.
  readonly contentLength?: number;
  // Bytes that arrived after a Content-Length body before the server closed (looked at only on failure).
  readonly after?: Buffer;
  // Why the body stopped short of its Content-Length, if it did.
  readonly ended?: 'eof' | 'reset' | 'timeout';
}

const ENDINGS = { eof: 'the server closed the connection', reset: 'the server reset the connection', timeout: 'nothing more came' } as const;

// The file's text length in characters, when the file is UTF-8 text (for the len(str) mistake).
function utf8Characters(file: Buffer): number | undefined {
  const text = file.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(file)) return undefined;
  return [...text].length;
}

// The ways a text-mode read changes a binary file's bytes, each as the student would have written it.
function textModeReadings(file: Buffer): { bytes: Buffer; how: string }[] {
  return [
    { bytes: Buffer.from(file.toString('latin1'), 'utf8'), how: 'read as text (latin-1) and encoded back as UTF-8' },
    { bytes: Buffer.from(file.toString('utf8'), 'utf8'), how: 'decoded as UTF-8 with errors replaced (U+FFFD) and encoded back' },
    { bytes: Buffer.from(file.toString('latin1').replace(/\r\n/g, '\n'), 'latin1'), how: 'read in text mode, which turned "\\r\\n" into "\\n"' },
  ].filter((r) => !r.bytes.equals(file));
}

// Says how a body differs from the file it should be, naming the mistake when the bytes show one:
// Content-Length off by N (characters counted instead of bytes), a text-mode read, a cut or padded body.
// Returns undefined when the body is the file.
export function diagnoseBody(e: BodyEvidence): string | undefined {
  const { file, body } = e;
  const declared = e.contentLength;
  if (body.equals(file) && (declared === undefined || declared === file.length)) return undefined;
  if (declared !== undefined && declared !== file.length) {
    const off = `Content-Length is ${declared} but the file has ${plural(file.length, 'byte')} (off by ${declared - file.length})`;
    const chars = utf8Characters(file);
    if (chars !== undefined && chars === declared && chars !== file.length) {
      return `${off}: ${declared} is the file's length in characters; Content-Length counts bytes (use len() of the encoded bytes, not of the str)`;
    }
    if (declared < file.length && body.equals(file.subarray(0, declared))) {
      const rest = e.after && e.after.length > 0 && file.subarray(declared).subarray(0, e.after.length).equals(e.after.subarray(0, file.length - declared)) ? `; the other ${file.length - declared} bytes came after it, outside the body` : '';
      return `${off}: a client reads only the first ${declared}${rest}`;
    }
    if (declared > file.length && body.length >= file.length && body.subarray(0, file.length).equals(file)) {
      return `${off}: the client waited for ${declared - file.length} more bytes after the file's end`;
    }
    if (e.ended && body.length < declared) {
      return `${off}, and ${ENDINGS[e.ended]} after ${plural(body.length, 'body byte')}`;
    }
    return `${off}, and the body is not the file's bytes`;
  }
  if (e.ended && declared !== undefined && body.length < declared) {
    const good = firstDifference(body, file);
    const intact = good < 0 || good >= body.length ? 'the file\'s first bytes, intact' : `different from the file from byte ${good}`;
    return `Content-Length ${declared} is right, but ${ENDINGS[e.ended]} after ${plural(body.length, 'body byte')} (${intact}): send the whole file (sendall, or a loop until every byte is sent)`;
  }
  for (const reading of textModeReadings(file)) {
    if (body.equals(reading.bytes)) return `the body is the file ${reading.how}: it has ${plural(body.length, 'byte')} instead of ${file.length}; open files in binary mode ("rb") and send the bytes unchanged`;
  }
  const diff = firstDifference(body, file);
  if (body.length < file.length && diff === body.length) return `the body is only the file's first ${plural(body.length, 'byte')} of ${file.length}`;
  if (body.length > file.length && diff === file.length) return `the body is the file followed by ${plural(body.length - file.length, 'extra byte')}`;
  return `the body differs from the file at byte ${diff} (${plural(body.length, 'byte')} received, the file has ${file.length})`;
}

// True when bytes carry the secret (or any 16-byte piece of it): a file outside {root} was served.
export function carriesSecret(bytes: Buffer, secret: Buffer): boolean {
  if (secret.length === 0) return false;
  const piece = Math.min(16, secret.length);
  for (let at = 0; at + piece <= secret.length; at += piece) {
    if (bytes.includes(secret.subarray(at, at + piece))) return true;
  }
  return false;
}
