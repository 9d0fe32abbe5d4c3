import type { StructCode, StructField } from './struct-format.ts';
import { parseFormat } from './struct-format.ts';

// A value as Python's struct takes or gives it: integers as number (8-byte codes: bigint on unpack,
// number or bigint on pack), '?' as boolean, 'f'/'d' as number, 'c'/'s'/'p' as bytes.
export type StructValue = number | bigint | boolean | Buffer;

const INT_RANGES: Partial<Record<StructCode, { signed: boolean }>> = {
  b: { signed: true }, B: { signed: false }, h: { signed: true }, H: { signed: false }, i: { signed: true }, I: { signed: false },
  l: { signed: true }, L: { signed: false }, q: { signed: true }, Q: { signed: false }, n: { signed: true }, N: { signed: false },
};
const FLOAT32_MAX = 3.4028234663852886e38;

// Bytes a format takes, with Python's alignment rules: calcsize('!I') === 4, calcsize('@ci') === 8.
export function calcsize(format: string): number {
  return parseFormat(format).size;
}

function describe(value: unknown): string {
  return `${typeof value === 'bigint' ? `${value}n` : Buffer.isBuffer(value) ? `<${value.length} bytes>` : JSON.stringify(value)} (${Buffer.isBuffer(value) ? 'Buffer' : typeof value})`;
}

function toBigInt(format: string, field: StructField, value: StructValue): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  throw new TypeError(`struct.pack(${JSON.stringify(format)}): '${field.code}' needs an integer, got ${describe(value)}`);
}

function toBytes(format: string, field: StructField, value: StructValue | string): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`struct.pack(${JSON.stringify(format)}): '${field.code}' needs bytes, got ${describe(value)}`);
}

function writeField(out: Buffer, format: string, field: StructField, value: StructValue | string, le: boolean): void {
  const { code, offset, size } = field;
  const signedness = INT_RANGES[code];
  if (signedness) {
    const n = toBigInt(format, field, value as StructValue);
    const bits = BigInt(size * 8);
    const min = signedness.signed ? -(1n << (bits - 1n)) : 0n;
    const max = signedness.signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
    if (n < min || n > max) throw new RangeError(`struct.pack(${JSON.stringify(format)}): '${code}' requires ${min} <= number <= ${max}, got ${describe(value)}`);
    const unsigned = n < 0n ? n + (1n << bits) : n;
    for (let i = 0; i < size; i++) out[offset + (le ? i : size - 1 - i)] = Number((unsigned >> BigInt(8 * i)) & 0xffn);
    return;
  }
  switch (code) {
    case '?':
      out[offset] = value ? 1 : 0;
      return;
    case 'f':
    case 'd': {
      if (typeof value !== 'number') throw new TypeError(`struct.pack(${JSON.stringify(format)}): '${code}' needs a number, got ${describe(value)}`);
      if (code === 'f' && Number.isFinite(value) && Math.abs(value) > FLOAT32_MAX && Math.fround(value) === Infinity * Math.sign(value)) {
        throw new RangeError(`struct.pack(${JSON.stringify(format)}): float too large to pack with 'f', got ${describe(value)}`);
      }
      if (code === 'f') le ? out.writeFloatLE(value, offset) : out.writeFloatBE(value, offset);
      else le ? out.writeDoubleLE(value, offset) : out.writeDoubleBE(value, offset);
      return;
    }
    case 'c': {
      const bytes = toBytes(format, field, value);
      if (bytes.length !== 1) throw new TypeError(`struct.pack(${JSON.stringify(format)}): 'c' needs exactly 1 byte, got ${describe(value)}`);
      out[offset] = bytes[0] as number;
      return;
    }
    case 's':
      // Truncated or zero-padded to the count, as in Python.
      toBytes(format, field, value).copy(out, offset, 0, size);
      return;
    case 'p': {
      // Pascal string: a length byte (at most 255 and at most count-1), then the bytes, zero-padded.
      if (size === 0) return;
      const bytes = toBytes(format, field, value);
      const n = Math.min(bytes.length, size - 1, 255);
      out[offset] = n;
      bytes.copy(out, offset + 1, 0, n);
      return;
    }
    default:
      throw new TypeError(`struct.pack(${JSON.stringify(format)}): cannot pack '${code}'`);
  }
}

function readField(buf: Buffer, field: StructField, le: boolean): StructValue {
  const { code, offset, size } = field;
  const signedness = INT_RANGES[code];
  if (signedness) {
    if (size <= 4) {
      if (size === 1) return signedness.signed ? buf.readInt8(offset) : buf.readUInt8(offset);
      if (size === 2) return signedness.signed ? (le ? buf.readInt16LE(offset) : buf.readInt16BE(offset)) : le ? buf.readUInt16LE(offset) : buf.readUInt16BE(offset);
      return signedness.signed ? (le ? buf.readInt32LE(offset) : buf.readInt32BE(offset)) : le ? buf.readUInt32LE(offset) : buf.readUInt32BE(offset);
    }
    return signedness.signed ? (le ? buf.readBigInt64LE(offset) : buf.readBigInt64BE(offset)) : le ? buf.readBigUInt64LE(offset) : buf.readBigUInt64BE(offset);
  }
  switch (code) {
    case '?':
      return buf[offset] !== 0;
    case 'f':
      return le ? buf.readFloatLE(offset) : buf.readFloatBE(offset);
    case 'd':
      return le ? buf.readDoubleLE(offset) : buf.readDoubleBE(offset);
    case 'c':
    case 's':
      return Buffer.from(buf.subarray(offset, offset + size));
    case 'p': {
      if (size === 0) return Buffer.alloc(0);
      const n = Math.min(buf[offset] as number, size - 1);
      return Buffer.from(buf.subarray(offset + 1, offset + 1 + n));
    }
    default:
      throw new TypeError(`cannot unpack '${code}'`);
  }
}

// Python's struct.pack: pack('!I', 5) is <00 00 00 05>; strings given for 's'/'p'/'c' are UTF-8 encoded.
export function pack(format: string, ...values: ReadonlyArray<StructValue | string>): Buffer {
  const layout = parseFormat(format);
  if (values.length !== layout.fields.length) {
    throw new TypeError(`struct.pack(${JSON.stringify(format)}) expected ${layout.fields.length} values, got ${values.length}`);
  }
  const out = Buffer.alloc(layout.size);
  layout.fields.forEach((field, i) => writeField(out, format, field, values[i] as StructValue | string, layout.littleEndian));
  return out;
}

// Python's struct.unpack_from: the values of one record at offset (the buffer may be longer).
export function unpackFrom(format: string, buf: Uint8Array, offset = 0): StructValue[] {
  const layout = parseFormat(format);
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (bytes.length - offset < layout.size) {
    throw new RangeError(`struct.unpack_from(${JSON.stringify(format)}) requires a buffer of at least ${layout.size + offset} bytes, got ${bytes.length}`);
  }
  const at = offset === 0 ? bytes : bytes.subarray(offset);
  return layout.fields.map((field) => readField(at, field, layout.littleEndian));
}

// Python's struct.unpack: the buffer must be exactly calcsize(format) bytes.
export function unpack(format: string, buf: Uint8Array): StructValue[] {
  const size = calcsize(format);
  if (buf.byteLength !== size) throw new RangeError(`struct.unpack(${JSON.stringify(format)}) requires a buffer of ${size} bytes, got ${buf.byteLength}`);
  return unpackFrom(format, buf);
}
