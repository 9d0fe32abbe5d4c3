import { firstDifference } from '../bytes/bytes.ts';
import { plural } from '../bytes/show-bytes.ts';
import type { JsonObject } from '../framing/json-frame.ts';
import { declaredSize, LENGTH_BYTES, parseJsonHeader, readHeaderLength } from '../framing/json-frame.ts';
import type { JsonFrameMistake } from '../framing/json-frame-mistakes.ts';

// What a command must produce: its stdout, then its stderr.
export interface CommandOutput {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

export interface CommandDiagnosis {
  readonly observed: string;
  readonly mistake?: JsonFrameMistake;
}

// A whole JSON-header frame at the start of bytes (either length byte order), if one is there.
export function frameAt(bytes: Buffer): { header: JsonObject; body: Buffer; size: number } | undefined {
  if (bytes.length < LENGTH_BYTES) return undefined;
  const length = readHeaderLength(bytes.subarray(0, LENGTH_BYTES), 'either');
  if ('problem' in length || bytes.length < LENGTH_BYTES + length.length) return undefined;
  const parsed = parseJsonHeader(bytes.subarray(LENGTH_BYTES, LENGTH_BYTES + length.length));
  if ('problem' in parsed) return undefined;
  const size = declaredSize(parsed.header, true);
  if (typeof size !== 'number') return undefined;
  const start = LENGTH_BYTES + length.length;
  return { header: parsed.header, body: bytes.subarray(start, start + size), size: start + size };
}

const chars = (b: Buffer): number => [...b.toString('utf8')].length;

// Names the mistake a well-framed reply with the wrong body shows, given what followed it at once.
export function diagnoseCommandBody(expected: CommandOutput, body: Buffer, following: Buffer): CommandDiagnosis {
  const want = Buffer.concat([expected.stdout, expected.stderr]);
  const joined = Buffer.concat([body, following]);
  if (body.length < want.length && joined.length >= want.length && joined.subarray(0, want.length).equals(want)) {
    const counted = chars(want) === body.length ? ` (${body.length} is the output's length in characters)` : '';
    return { observed: `total_size is ${body.length}, but the output is ${plural(want.length, 'byte')}: the other ${want.length - body.length} followed the body${counted}`, mistake: 'bodyLong' };
  }
  const next = frameAt(following);
  if (body.equals(expected.stdout) && expected.stderr.length > 0) {
    if (next?.body.equals(expected.stderr)) return { observed: 'the body is the stdout only, and a second reply carrying the stderr followed at once', mistake: 'stuck' };
    return { observed: `the body is the command's stdout only: its stderr (${plural(expected.stderr.length, 'byte')}) is missing`, mistake: 'stderrDropped' };
  }
  if (expected.stdout.length > 0 && expected.stderr.length > 0 && body.equals(Buffer.concat([expected.stderr, expected.stdout]))) {
    return { observed: 'the body holds the stderr, then the stdout', mistake: 'stderrFirst' };
  }
  if (next) return { observed: `${next.size} more bytes followed at once, a second reply (header ${JSON.stringify(next.header)})`, mistake: 'stuck' };
  const at = firstDifference(body, want);
  if (at < Math.min(body.length, want.length)) return { observed: `the body differs from the expected output at byte ${at}` };
  return { observed: `the body is ${plural(body.length, 'byte')}, the expected output ${plural(want.length, 'byte')}${body.length < want.length ? ` (the body is its first ${body.length})` : ''}` };
}
