import { describe, expect, test } from 'vitest';
import { jsonFrame } from '../framing/json-frame.ts';
import { diagnoseCommandBody, frameAt } from './command-diagnosis.ts';

const output = { stdout: Buffer.from('out\n'), stderr: Buffer.from('err\n') };

describe('diagnoseCommandBody names what a wrong json-command body shows', () => {
  test('total_size counted in characters: the rest of the output followed the body', () => {
    const text = Buffer.from('naïve ✓\n');
    const chars = [...text.toString()].length;
    const d = diagnoseCommandBody({ stdout: text, stderr: Buffer.alloc(0) }, text.subarray(0, chars), text.subarray(chars));
    expect(d.mistake).toBe('bodyLong');
    expect(d.observed).toContain(`(${chars} is the output's length in characters)`);
  });

  test('stderr dropped, sent as a second reply, or sent first', () => {
    expect(diagnoseCommandBody(output, output.stdout, Buffer.alloc(0)).mistake).toBe('stderrDropped');
    expect(diagnoseCommandBody(output, output.stdout, jsonFrame({ total_size: 4 }, output.stderr, 'little')).mistake).toBe('stuck');
    expect(diagnoseCommandBody(output, Buffer.from('err\nout\n'), Buffer.alloc(0)).mistake).toBe('stderrFirst');
  });

  test('a second reply right after the first', () => {
    const d = diagnoseCommandBody({ stdout: Buffer.from('a\n'), stderr: Buffer.alloc(0) }, Buffer.from('b\n'), jsonFrame({ total_size: 2 }, 'a\n'));
    expect(d).toMatchObject({ mistake: 'stuck' });
  });

  test('anything else is described', () => {
    expect(diagnoseCommandBody(output, Buffer.from('OUT\nerr\n'), Buffer.alloc(0))).toEqual({ observed: 'the body differs from the expected output at byte 0' });
    expect(diagnoseCommandBody(output, Buffer.from('out\n'), Buffer.alloc(0)).mistake).toBe('stderrDropped');
    expect(diagnoseCommandBody({ stdout: Buffer.alloc(10), stderr: Buffer.alloc(0) }, Buffer.alloc(4), Buffer.alloc(0)).observed).toBe('the body is 4 bytes, the expected output 10 bytes (the body is its first 4)');
  });

  test('frameAt finds a whole frame in either byte order', () => {
    expect(frameAt(jsonFrame({ total_size: 2 }, 'hi'))).toMatchObject({ header: { total_size: 2 }, size: 4 + 16 + 2 });
    expect(frameAt(jsonFrame({ total_size: 2 }, 'hi', 'little'))?.body.toString()).toBe('hi');
    expect(frameAt(Buffer.from('plain text'))).toBeUndefined();
  });
});
