import { describe, expect, test } from 'vitest';
import { declaredSize, diagnoseHeaderLength, jsonFrame, jsonObjectEnd, parseJsonHeader, readHeaderLength } from './json-frame.ts';
import { pack } from './struct.ts';

describe('JSON-header frames', () => {
  test('the header length is read in either byte order when the contract allows both', () => {
    expect(readHeaderLength(pack('<i', 23), 'either')).toEqual({ length: 23, byteOrder: 'little' });
    expect(readHeaderLength(pack('!I', 23), 'either')).toEqual({ length: 23, byteOrder: 'big' });
    expect(readHeaderLength(pack('!I', 65535), 'either')).toEqual({ length: 65535, byteOrder: 'big' });
    expect(readHeaderLength(pack('<I', 65535), 'either')).toEqual({ length: 65535, byteOrder: 'little' });
    expect(readHeaderLength(pack('!I', 0), 'either')).toMatchObject({ problem: expect.stringContaining('outside 1..65535') });
  });

  test('"!I" only: a little-endian length is named, text where a length belongs too', () => {
    expect(readHeaderLength(pack('!I', 65536), 'big')).toEqual({ length: 65536, byteOrder: 'big' });
    expect(readHeaderLength(pack('<I', 28), 'big')).toMatchObject({ mistake: 'littleEndian' });
    expect(readHeaderLength(Buffer.from('{"st'), 'big')).toMatchObject({ mistake: 'noLength' });
  });

  test('finds where a JSON object ends, strings and escapes respected', () => {
    expect(jsonObjectEnd(Buffer.from('{"a": "}{\\"", "b": [1, {"c": 2}]} tail'))).toBe(33);
    expect(jsonObjectEnd(Buffer.from('{"a": "unfinished'))).toBe('incomplete');
    expect(jsonObjectEnd(Buffer.from('[1, 2]'))).toBe('invalid');
  });

  test('parses the header: a UTF-8 JSON object with a byte count', () => {
    expect(parseJsonHeader(Buffer.from('{"total_size": 5}'))).toEqual({ header: { total_size: 5 } });
    expect(parseJsonHeader(Buffer.from('[1]'))).toMatchObject({ mistake: 'notObject' });
    expect(parseJsonHeader(Buffer.from([0x7b, 0xff, 0x7d]))).toMatchObject({ problem: expect.stringContaining('not valid UTF-8') });
    expect(declaredSize({ total_size: 5 }, true)).toBe(5);
    expect(declaredSize({}, false)).toBe(0);
    expect(declaredSize({}, true)).toMatchObject({ mistake: 'totalSize' });
    expect(declaredSize({ total_size: '5' }, false)).toMatchObject({ mistake: 'totalSize' });
  });

  test('a header length counted in characters is told apart from a broken header', () => {
    const json = Buffer.from(JSON.stringify({ cmd: 'echo café ✓', total_size: 3 }), 'utf8');
    const chars = [...json.toString('utf8')].length;
    expect(diagnoseHeaderLength(chars, Buffer.concat([json, Buffer.from('abc')]))).toEqual({
      problem: `the header length says ${chars} bytes, but the JSON header is ${json.length} bytes (${chars} is its length in characters; UTF-8 takes ${json.length} bytes)`,
      mistake: 'headerLength',
    });
    expect(diagnoseHeaderLength(json.length, json)).toBeUndefined();
  });

  test('jsonFrame writes "!I" by default', () => {
    expect(jsonFrame({ cmd: 'list' }).toString('latin1')).toBe('\x00\x00\x00\x0e{"cmd":"list"}');
    expect(jsonFrame({ cmd: 'list' }, 'ab', 'little').subarray(0, 4).readUInt32LE(0)).toBe(14);
  });
});
