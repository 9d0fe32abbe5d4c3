import type { ByteInput } from '../bytes/bytes.ts';
import { toBuffer } from '../bytes/bytes.ts';
import { escapeText, hex, isText } from '../bytes/show-bytes.ts';
import type { JsonFrameMistake } from './json-frame-mistakes.ts';

// A JSON-header frame (seed 001's "ultimate" sticky-packet solution): a 4-byte header length H, H bytes
// of a UTF-8 JSON object, then a body of exactly the object's "total_size" bytes.
export const LENGTH_BYTES = 4;

// How the 4 length bytes are read: 'big' is struct "!I" only (file-service); 'either' accepts
// struct.pack("i", H) (little-endian, as the seed) or "!I" (json-command): for 1 ≤ H ≤ 65535 only one
// reading fits, since both fitting would need all four bytes zero.
export type LengthOrder = 'big' | 'either';

export type JsonObject = Record<string, unknown>;

// One frame: its header length (as read), the header object, the body.
export function jsonFrame(header: JsonObject, body: ByteInput = Buffer.alloc(0), byteOrder: 'big' | 'little' = 'big'): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.allocUnsafe(LENGTH_BYTES);
  if (byteOrder === 'big') length.writeUInt32BE(json.length, 0);
  else length.writeUInt32LE(json.length, 0);
  return Buffer.concat([length, json, toBuffer(body)]);
}

// The largest header length each reading accepts.
export function maxHeaderLength(order: LengthOrder): number {
  return order === 'either' ? 65535 : 65536;
}

export type HeaderLength = { readonly length: number; readonly byteOrder: 'big' | 'little' } | { readonly problem: string; readonly mistake?: JsonFrameMistake };

// The header length 4 bytes announce, or why they announce none that the contract allows.
export function readHeaderLength(bytes: Buffer, order: LengthOrder): HeaderLength {
  const max = maxHeaderLength(order);
  const big = bytes.readUInt32BE(0);
  const little = bytes.readUInt32LE(0);
  const fits = (n: number): boolean => n >= 1 && n <= max;
  if (fits(big)) return { length: big, byteOrder: 'big' };
  if (order === 'either' && fits(little)) return { length: little, byteOrder: 'little' };
  if (fits(little)) return { problem: `the header length bytes ${hex(bytes)} read "!I" give ${big}, outside 1..${max}; read little-endian they give ${little}`, mistake: 'littleEndian' };
  if (isText(bytes) || bytes[0] === 0x7b) return { problem: `the reply starts with ${escapeText(bytes)}, not with a 4-byte header length`, mistake: 'noLength' };
  const readings = order === 'either' ? `${big} big-endian or ${little} little-endian` : `${big} as "!I"`;
  return { problem: `the header length bytes ${hex(bytes)} give ${readings}, outside 1..${max}` };
}

// Where the JSON object at the start of bytes ends (the offset after its closing brace), 'incomplete' if
// the bytes stop inside it, 'invalid' if they do not start with one. Strings and escapes are respected.
export function jsonObjectEnd(bytes: Buffer): number | 'incomplete' | 'invalid' {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (i === bytes.length) return 'incomplete';
  if (bytes[i] !== 0x7b) return 'invalid';
  let depth = 0;
  let inString = false;
  for (; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (inString) {
      if (b === 0x5c) i++;
      else if (b === 0x22) inString = false;
      continue;
    }
    if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) depth++;
    else if (b === 0x7d || b === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return 'incomplete';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type ParsedHeader = { readonly header: JsonObject } | { readonly problem: string; readonly mistake?: JsonFrameMistake };

// The header object in exactly these bytes, or what is wrong with them.
export function parseJsonHeader(bytes: Buffer): ParsedHeader {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { problem: `the ${bytes.length} header bytes are not valid UTF-8` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: `the ${bytes.length} header bytes are not JSON: ${escapeText(bytes.subarray(0, 80))}${bytes.length > 80 ? '…' : ''}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: `the header is JSON but not an object: ${escapeText(bytes.subarray(0, 80))}`, mistake: 'notObject' };
  }
  return { header: value as JsonObject };
}

// The body size a header declares: total_size when it is a non-negative integer, 0 when absent and
// allowed to be; otherwise what is wrong.
export function declaredSize(header: JsonObject, required: boolean): number | { readonly problem: string; readonly mistake: JsonFrameMistake } {
  const size = header.total_size;
  if (size === undefined && !required) return 0;
  if (typeof size === 'number' && Number.isSafeInteger(size) && size >= 0) return size;
  return { problem: size === undefined ? 'the header has no "total_size"' : `its "total_size" is ${JSON.stringify(size)}, not a byte count`, mistake: 'totalSize' };
}

// Diagnoses a header whose H bytes are not a JSON object, given the bytes that followed them: when a
// JSON object starts there but ends before or after H, H did not count the header's bytes.
export function diagnoseHeaderLength(declared: number, headerAndAfter: Buffer): { readonly problem: string; readonly mistake: JsonFrameMistake } | undefined {
  const end = jsonObjectEnd(headerAndAfter);
  if (typeof end !== 'number' || end === declared) return undefined;
  const json = headerAndAfter.subarray(0, end);
  let chars: number | undefined;
  try {
    chars = [...utf8.decode(json)].length;
  } catch {
    chars = undefined;
  }
  const counted = chars === declared && chars !== end ? ` (${declared} is its length in characters; UTF-8 takes ${end} bytes)` : '';
  return { problem: `the header length says ${declared} bytes, but the JSON header is ${end} bytes${counted}`, mistake: 'headerLength' };
}
