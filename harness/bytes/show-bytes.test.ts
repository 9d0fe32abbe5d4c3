import { describe, expect, test } from 'vitest';
import { allByteValues, firstDifference, patternBytes, toBuffer } from './bytes.ts';
import { compareBytes, escapeText, hex, isText, showBytes } from './show-bytes.ts';

describe('bytes', () => {
  test('firstDifference finds the first differing byte, a prefix end, or -1', () => {
    expect(firstDifference(toBuffer('hello'), toBuffer('hello'))).toBe(-1);
    expect(firstDifference(toBuffer('hello'), toBuffer('heLlo'))).toBe(2);
    expect(firstDifference(toBuffer('hello'), toBuffer('hel'))).toBe(3);
  });

  test('patternBytes is deterministic per seed and differs between seeds', () => {
    expect(patternBytes(64, 3).equals(patternBytes(64, 3))).toBe(true);
    expect(patternBytes(64, 3).equals(patternBytes(64, 4))).toBe(false);
    expect(allByteValues()).toHaveLength(256);
  });

  test('patternBytes is xorshift32 from the seed, a shorter payload the prefix of a longer one in any order', () => {
    // The stream's first bytes for seed 1: a payload regenerated from its seed is the one that was sent.
    expect(patternBytes(8, 1).toString('hex')).toBe('2101c54fd1d01ab2');
    const short = patternBytes(1000, 12);
    const long = patternBytes(300_000, 12);
    expect(long.subarray(0, 1000).equals(short)).toBe(true);
    expect(patternBytes(200_000, 12).equals(long.subarray(0, 200_000))).toBe(true);
    // Each caller owns its copy.
    long.fill(0);
    expect(patternBytes(300_000, 12).equals(long)).toBe(false);
  });
});

describe('show-bytes', () => {
  test('escapes control bytes, quotes and backslashes on one line', () => {
    expect(escapeText(toBuffer('a"b\\c\n\x00'))).toBe('"a\\"b\\\\c\\n\\x00"');
    expect(isText(toBuffer('plain text\r\n'))).toBe(true);
    expect(isText(Buffer.from([0x00, 0x41]))).toBe(false);
    expect(hex(Buffer.from([0, 255, 16]))).toBe('00 ff 10');
  });

  test('shows text alone, and binary with its hex', () => {
    expect(showBytes(toBuffer('hello'))).toBe('5 bytes "hello"');
    expect(showBytes(Buffer.from([1, 2]))).toBe('2 bytes "\\x01\\x02"\n            hex 01 02');
    expect(showBytes(Buffer.alloc(0))).toBe('0 bytes');
  });

  test('trims long data to a window around the point of interest', () => {
    const text = showBytes(toBuffer('a'.repeat(100) + 'XYZ' + 'b'.repeat(100)), 100);
    expect(text).toContain('…(92 before)');
    expect(text).toContain('XYZ');
    expect(text).toContain('more)');
  });

  test('compareBytes reports where expected and received part ways', () => {
    const report = compareBytes({ sent: toBuffer('hello'), expected: toBuffer('hello'), received: toBuffer('HELLO') });
    expect(report.split('\n')).toEqual(['first difference at byte 0', '  sent      5 bytes "hello"', '  expected  5 bytes "hello"', '  received  5 bytes "HELLO"']);
  });
});
