import { pack } from './struct.ts';

// The udp-record datagram, struct "<i16sf": int32 id, the name as UTF-8 NUL-padded to 16 bytes (a
// 16-byte name has no NUL), float32 height, little-endian (the seed's native "i16sf" on x86-64 and arm64).
export const RECORD_FORMAT = '<i16sf';
export const RECORD_BYTES = 24;
export const NAME_BYTES = 16;

// One record as a spec writes it.
export interface StudentRecord {
  readonly id: number;
  readonly name: string;
  readonly height: number;
}

// A record's fields as a server would read them from 24 bytes in one byte order (for diagnosis).
export interface UnpackedRecord {
  readonly id: number;
  readonly nameBytes: Buffer;
  readonly height: number;
}

// f"{height:.2f}" of the float32 the record carries. Heights whose float32 value lies within 1/100 of
// a cent of a tie are refused: there Python's exact rounding, C's printf and a language that rounds its
// shortest decimal form half-up (Java's %.2f on "2.675") could disagree, and no reply would be fair.
export function formatHeight(height: number): string {
  const value = Math.fround(height);
  if (!Number.isFinite(value) || Math.abs(value) >= 1e15) throw new RangeError(`a record height must be a finite float32 below 1e15, got ${JSON.stringify(height)} (${typeof height})`);
  const cents = Math.abs(value) * 100;
  if (Math.abs(cents - Math.floor(cents) - 0.5) < 0.01) {
    throw new RangeError(`height ${height} is stored as float32 ${value}, too close to a tie at the third decimal: languages could round it differently; choose another`);
  }
  return value.toFixed(2);
}

// The 24 bytes of a record, little-endian as the contract says (big-endian only to probe a server).
export function packRecord(record: StudentRecord, byteOrder: 'little' | 'big' = 'little'): Buffer {
  const name = Buffer.from(record.name, 'utf8');
  if (name.length > NAME_BYTES || name.includes(0)) {
    throw new RangeError(`a record name must be at most ${NAME_BYTES} UTF-8 bytes without NUL, got ${JSON.stringify(record.name)} (${name.length} bytes)`);
  }
  formatHeight(record.height);
  return pack(`${byteOrder === 'little' ? '<' : '>'}i16sf`, record.id, name, record.height);
}

// The exact reply the contract asks for: UTF-8 f"{id} {name} {height:.2f}", the NUL padding removed.
export function recordReply(record: StudentRecord): Buffer {
  return Buffer.from(`${record.id} ${record.name} ${formatHeight(record.height)}`, 'utf8');
}

// The fields of 24 bytes read in the given byte order, as a server with that format would see them.
export function unpackRecord(bytes: Buffer, byteOrder: 'little' | 'big'): UnpackedRecord {
  if (bytes.length !== RECORD_BYTES) throw new RangeError(`a record is ${RECORD_BYTES} bytes, got ${bytes.length}`);
  const little = byteOrder === 'little';
  return {
    id: little ? bytes.readInt32LE(0) : bytes.readInt32BE(0),
    nameBytes: Buffer.from(bytes.subarray(4, 4 + NAME_BYTES)),
    height: little ? bytes.readFloatLE(20) : bytes.readFloatBE(20),
  };
}
