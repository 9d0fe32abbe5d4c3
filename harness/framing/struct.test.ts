import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { calcsize, pack, unpack, unpackFrom } from './struct.ts';
import type { StructValue } from './struct.ts';

// Vectors checked against the real Python struct module: [format, values]. Values use JSON: bytes as
// {"b": "hex"}, 8-byte integers as {"n": "decimal"}.
type Json = number | boolean | { b: string } | { n: string };
const VECTORS: [string, Json[]][] = [
  ['!I', [5]], ['!I', [4 * 1024 * 1024]], ['!I', [0xffffffff]], ['I', [5]], ['i', [-2]], ['!i', [-2]], ['<I', [0x01020304]], ['>h', [-300]],
  ['q', [{ n: '-9007199254740993' }]], ['!Q', [{ n: '18446744073709551615' }]], ['=q', [{ n: '-1' }]], ['!q', [{ n: '1234567890123' }]],
  ['i16sf', [7, { b: '68656c6c6f' }, 1.5]], ['!i16sf', [7, { b: '68656c6c6f' }, 1.5]], ['<i16sf', [-7, { b: '' }, -0.1]],
  ['ci', [{ b: '41' }, 1]], ['@bq', [-1, { n: '2' }]], ['=bq', [-1, { n: '2' }]], ['bhd', [1, 2, 3.25]], ['!bhd', [1, 2, 3.25]],
  ['l', [{ n: '-5' }]], ['<l', [-5]], ['L', [{ n: '5' }]], ['n', [{ n: '-3' }]], ['N', [{ n: '3' }]],
  ['?x3sx', [true, { b: '616263' }]], ['5p', [{ b: '68656c6c6f' }]], ['3s', [{ b: '6c6f6e67' }]], ['!2H i', [1, 2, 3]], ['d', [Math.PI]], ['>f', [1e-40]],
  ['c0l', [{ b: '7a' }]], ['!BbHh', [255, -128, 65535, -32768]],
];

function toValue(json: Json): StructValue {
  if (typeof json === 'object' && 'b' in json) return Buffer.from(json.b, 'hex');
  if (typeof json === 'object' && 'n' in json) return BigInt(json.n);
  return json;
}

const PYTHON = `
import json, struct, sys
out = []
for fmt, values in json.load(sys.stdin):
    vals = [bytes.fromhex(v["b"]) if isinstance(v, dict) and "b" in v else int(v["n"]) if isinstance(v, dict) else v for v in values]
    out.append([struct.calcsize(fmt), struct.pack(fmt, *vals).hex()])
print(json.dumps(out))
`;

function python(): [number, string][] | undefined {
  try {
    return JSON.parse(execFileSync('python3', ['-c', PYTHON], { input: JSON.stringify(VECTORS), encoding: 'utf8' })) as [number, string][];
  } catch {
    return undefined;
  }
}

describe('struct', () => {
  const expected = python();

  test.skipIf(!expected)('pack and calcsize give the same bytes as Python for every vector', () => {
    const mine = VECTORS.map(([format, values]) => [calcsize(format), pack(format, ...values.map(toValue)).toString('hex')]);
    expect(mine).toEqual(expected);
  });

  test('unpack returns what was packed (8-byte integers as bigint, floats through float32)', () => {
    expect(unpack('!I', Buffer.from([0, 0, 0, 5]))).toEqual([5]);
    expect(unpack('i', pack('i', -2))).toEqual([-2]);
    expect(unpack('!Q', pack('!Q', 2n ** 64n - 1n))).toEqual([2n ** 64n - 1n]);
    expect(unpack('q', pack('q', -3))).toEqual([-3n]);
    const [n, name, x] = unpack('i16sf', pack('i16sf', 7, 'hello', 1.5));
    expect([n, (name as Buffer).subarray(0, 5).toString(), x]).toEqual([7, 'hello', 1.5]);
    expect(unpack('f', pack('f', 0.1))[0]).toBeCloseTo(0.1, 6);
    expect(unpack('?5p', pack('?5p', true, 'hello'))).toEqual([true, Buffer.from('hell')]);
    expect(unpackFrom('!I', Buffer.from([9, 0, 0, 0, 5]), 1)).toEqual([5]);
  });

  test('native mode aligns fields; standard modes do not', () => {
    expect(calcsize('ci')).toBe(8);
    expect(calcsize('=ci')).toBe(5);
    expect(calcsize('i16sf')).toBe(24);
    expect(calcsize('bq')).toBe(16);
    expect(calcsize('!bq')).toBe(9);
    expect(calcsize('ll')).toBe(16);
    expect(calcsize('!ll')).toBe(8);
  });

  test('misuse is named with the format, the value and its type', () => {
    expect(() => pack('!I', -1)).toThrow(`struct.pack("!I"): 'I' requires 0 <= number <= 4294967295, got -1 (number)`);
    expect(() => pack('!I', 1.5)).toThrow(`'I' needs an integer, got 1.5 (number)`);
    expect(() => pack('!I')).toThrow('expected 1 values, got 0');
    expect(() => pack('!n', 1)).toThrow(`'n' exists only in native mode`);
    expect(() => pack('!e', 1)).toThrow(`unsupported code 'e'`);
    expect(() => unpack('!I', Buffer.from([0, 0, 5]))).toThrow('requires a buffer of 4 bytes, got 3');
    expect(() => pack('f', 1e39)).toThrow('float too large');
  });
});
