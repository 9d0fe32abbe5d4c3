import { describe, expect, test } from 'vitest';
import { frame, frameAll, FrameDecoder } from './length-prefixed.ts';
import { pack } from './struct.ts';

describe('length-prefixed messages', () => {
  test('a message is struct "!I" length then payload', () => {
    expect(frame('hello')).toEqual(Buffer.concat([pack('!I', 5), Buffer.from('hello')]));
    expect(frame('')).toEqual(Buffer.from([0, 0, 0, 0]));
    expect(frameAll(['a', 'bc'])).toEqual(Buffer.from([0, 0, 0, 1, 97, 0, 0, 0, 2, 98, 99]));
  });

  test('the decoder finds every message however the stream is cut', () => {
    const stream = frameAll(['one', '', 'three', 'x'.repeat(300)]);
    for (const step of [1, 2, 3, 5, 7, stream.length]) {
      const decoder = new FrameDecoder();
      const got: string[] = [];
      for (let i = 0; i < stream.length; i += step) got.push(...decoder.push(stream.subarray(i, i + step)).map(String));
      expect(got).toEqual(['one', '', 'three', 'x'.repeat(300)]);
      expect(decoder.pending).toBe(0);
    }
  });

  test('an incomplete tail waits; an oversized header is refused', () => {
    const decoder = new FrameDecoder(10);
    expect(decoder.push(frame('abc').subarray(0, 5))).toEqual([]);
    expect(decoder.pending).toBe(5);
    expect(decoder.push('bc').map(String)).toEqual(['abc']);
    expect(() => decoder.push(pack('!I', 11))).toThrow('announces 11 payload bytes, more than the 10 allowed');
  });
});
