import { describe, expect, test } from 'vitest';
import { formatHeight, packRecord, recordReply, RECORD_BYTES, unpackRecord } from './record-codec.ts';

describe('the udp-record codec', () => {
  test('packs "<i16sf" exactly as Python does', () => {
    // struct.pack('<i16sf', 7, b'alice', 1.73) and struct.pack('<i16sf', -1, 'Ünïcödé ÄÖ'.encode(), 0.07)
    expect(packRecord({ id: 7, name: 'alice', height: 1.73 }).toString('hex')).toBe('07000000616c6963650000000000000000000000a470dd3f');
    expect(packRecord({ id: -1, name: 'Ünïcödé ÄÖ', height: 0.07 }).toString('hex')).toBe('ffffffffc39c6ec3af63c3b664c3a920c384c396295c8f3d');
    expect(packRecord({ id: 7, name: 'alice', height: 1.73 }, 'big').subarray(0, 4).toString('hex')).toBe('00000007');
  });

  test('formats the float32 height as Python\'s f"{height:.2f}"', () => {
    const python: Record<string, string> = { 1.73: '1.73', 1.736: '1.74', 180.25: '180.25', 0.5: '0.50', 2.01: '2.01', 0.07: '0.07', 99.99: '99.99', 1.62: '1.62', 1.8: '1.80', 0.93: '0.93' };
    for (const [height, text] of Object.entries(python)) expect(formatHeight(Number(height))).toBe(text);
    expect(recordReply({ id: -5, name: '山田太郎', height: 1.7 }).toString('utf8')).toBe('-5 山田太郎 1.70');
  });

  test('refuses heights near a tie, where languages round differently', () => {
    // 1.625 is an exact tie; float32(2.675) = 2.67499995…, printed "2.675" and rounded up by Java's %.2f.
    expect(() => formatHeight(1.625)).toThrow(/too close to a tie/);
    expect(() => formatHeight(2.675)).toThrow(/too close to a tie/);
    expect(() => formatHeight(Number.NaN)).toThrow(RangeError);
  });

  test('refuses names that do not fit the field', () => {
    expect(() => packRecord({ id: 1, name: 'seventeen-bytes!!', height: 1.5 })).toThrow(/at most 16 UTF-8 bytes/);
    expect(() => packRecord({ id: 1, name: 'a\0b', height: 1.5 })).toThrow(/without NUL/);
    expect(packRecord({ id: 1, name: 'sixteen-bytes-ok', height: 1.5 })).toHaveLength(RECORD_BYTES);
  });

  test('unpacks in either byte order, as a server would', () => {
    const bytes = packRecord({ id: 7, name: 'alice', height: 1.73 });
    expect(unpackRecord(bytes, 'little')).toMatchObject({ id: 7, height: Math.fround(1.73) });
    expect(unpackRecord(bytes, 'big').id).toBe(117440512);
  });
});
