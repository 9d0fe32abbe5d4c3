import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { samplePng } from './sample-png.ts';

describe('samplePng', () => {
  test('a valid PNG: signature, chunks with correct CRCs, pixel rows that inflate to the image size', () => {
    const png = samplePng(8, 4, 3);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const chunks: { type: string; data: Buffer }[] = [];
    for (let at = 8; at < png.length; ) {
      const length = png.readUInt32BE(at);
      const type = png.subarray(at + 4, at + 8);
      const data = png.subarray(at + 8, at + 8 + length);
      expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(Buffer.concat([type, data])) >>> 0);
      chunks.push({ type: type.toString('latin1'), data });
      at += 12 + length;
    }
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(chunks[0]?.data.readUInt32BE(0)).toBe(8);
    expect(inflateSync(chunks[1]?.data as Buffer).length).toBe((8 * 3 + 1) * 4);
    expect(samplePng(8, 4, 3)).toEqual(png);
    expect(samplePng(8, 4, 4)).not.toEqual(png);
  });
});
