import { firstDifference } from '../bytes/bytes.ts';
import { escapeText, hex } from '../bytes/show-bytes.ts';
import type { StudentRecord } from '../framing/record-codec.ts';
import { formatHeight, packRecord, recordReply, unpackRecord } from '../framing/record-codec.ts';

// The classic udp-record mistakes a reply can reveal, each as the failure message names it.
export const recordMistakes = {
  bigEndian: 'the record was unpacked big-endian ("!i16sf" or ">i16sf"); it is little-endian: "<i16sf" (what the native "i16sf" gives on x86-64 and arm64)',
  nulsKept: 'the NUL padding of the name was kept: strip it (raw_name.rstrip(b"\\0")) before decoding',
  heightFormat: 'the height is not written with exactly 2 decimals: f"{height:.2f}" rounds it (1.7300000190734863 → 1.73)',
  newline: 'the reply has a line ending the format does not have: send exactly f"{id} {name} {height:.2f}"',
  notUtf8: 'the name was not decoded as UTF-8 (raw_name.decode("utf-8"))',
  unsignedId: 'the id was read unsigned ("I"): it is "i", a signed 32-bit integer',
  errorForRecord: 'a valid 24-byte record was answered with ERROR: unpack exactly struct.calcsize("<i16sf") = 24 bytes',
} as const;

export type RecordMistake = keyof typeof recordMistakes;

export interface RecordDiagnosis {
  // What was seen, as a phrase: "the name in the reply keeps 11 NUL bytes".
  readonly observed: string;
  readonly mistake?: RecordMistake;
}

const NUMBER = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;

// Names the mistake a wrong reply to a record shows, when it shows one; otherwise says where it differs.
export function diagnoseRecordReply(record: StudentRecord, received: Buffer): RecordDiagnosis {
  const expected = recordReply(record);
  const height = formatHeight(record.height);
  if (received.subarray(0, 5).toString('latin1') === 'ERROR') return { observed: `the record was answered with ${escapeText(received.subarray(0, 60))}`, mistake: 'errorForRecord' };
  if (received.includes(0)) {
    const withoutNuls = Buffer.from(received.filter((b) => b !== 0));
    if (withoutNuls.equals(expected)) {
      const start = Buffer.byteLength(`${record.id} `);
      const name = received.subarray(start, received.length - Buffer.byteLength(` ${height}`));
      return { observed: `the name in the reply is ${name.length} bytes, ${name.filter((b) => b === 0).length} of them NUL: ${hex(name)}`, mistake: 'nulsKept' };
    }
  }
  for (const ending of ['\n', '\r\n', '\0']) {
    if (received.equals(Buffer.concat([expected, Buffer.from(ending)]))) return { observed: `the reply ends with ${escapeText(Buffer.from(ending))}`, mistake: ending === '\0' ? 'nulsKept' : 'newline' };
  }
  const prefix = Buffer.from(`${record.id} ${record.name} `, 'utf8');
  if (received.length > prefix.length && received.subarray(0, prefix.length).equals(prefix)) {
    const written = received.subarray(prefix.length).toString('utf8');
    const value = Number(written);
    if (NUMBER.test(written) && Math.abs(value - Math.fround(record.height)) < 0.01) {
      const decimals = written.split('.')[1]?.length ?? 0;
      const how = decimals === 2 ? 'cut instead of rounded' : `written with ${decimals} decimals`;
      return { observed: `the height is ${written}, ${how}: expected ${height}`, mistake: 'heightFormat' };
    }
  }
  if (record.id < 0 && received.toString('latin1').startsWith(`${record.id + 2 ** 32} `)) {
    return { observed: `the reply starts with id ${record.id + 2 ** 32}: the id ${record.id} read unsigned`, mistake: 'unsignedId' };
  }
  const big = unpackRecord(packRecord(record), 'big');
  if (big.id !== record.id && received.toString('latin1').startsWith(`${big.id} `)) {
    return { observed: `the reply starts with id ${big.id}: the id ${record.id} read big-endian (${hex(packRecord(record).subarray(0, 4))})`, mistake: 'bigEndian' };
  }
  const latin1 = Buffer.from(`${record.id} ${Buffer.from(record.name, 'utf8').toString('latin1')} ${height}`, 'utf8');
  if (!latin1.equals(expected) && received.equals(latin1)) {
    const name = received.subarray(Buffer.byteLength(`${record.id} `), received.length - Buffer.byteLength(` ${height}`));
    return { observed: `the name ${JSON.stringify(record.name)} came back as ${escapeText(name)}`, mistake: 'notUtf8' };
  }
  const at = firstDifference(received, expected);
  return { observed: at < Math.min(received.length, expected.length) ? `the reply differs from the expected text at byte ${at}` : `the reply is ${received.length < expected.length ? 'shorter' : 'longer'} than the expected text (${received.length} bytes, expected ${expected.length})` };
}
