import { describe, expect, test } from 'vitest';
import { diagnoseRecordReply } from './record-diagnosis.ts';

const alice = { id: 7, name: 'alice', height: 1.73 };
const text = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('diagnoseRecordReply names the mistake a wrong reply shows', () => {
  test('NULs left in the name, shown in hex', () => {
    const d = diagnoseRecordReply(alice, Buffer.concat([text('7 alice'), Buffer.alloc(11), text(' 1.73')]));
    expect(d.mistake).toBe('nulsKept');
    expect(d.observed).toBe('the name in the reply is 16 bytes, 11 of them NUL: 61 6c 69 63 65 00 00 00 00 00 00 00 00 00 00 00');
  });

  test('an unrounded, a truncated or a short height', () => {
    expect(diagnoseRecordReply(alice, text('7 alice 1.7300000190734863'))).toEqual({ observed: 'the height is 1.7300000190734863, written with 16 decimals: expected 1.73', mistake: 'heightFormat' });
    expect(diagnoseRecordReply({ ...alice, height: 1.736 }, text('7 alice 1.73')).observed).toContain('cut instead of rounded');
    expect(diagnoseRecordReply({ ...alice, height: 1.8 }, text('7 alice 1.8')).mistake).toBe('heightFormat');
  });

  test('a record read big-endian: the id comes back byte-swapped', () => {
    expect(diagnoseRecordReply(alice, text('117440512 alice -0.00'))).toMatchObject({ mistake: 'bigEndian' });
    // -1 is ff ff ff ff either way: no claim from the id alone.
    expect(diagnoseRecordReply({ ...alice, id: -1 }, text('-1 alice 0.00')).mistake).toBeUndefined();
  });

  test('an id read unsigned, a line ending, a Latin-1 name, an ERROR for a record', () => {
    expect(diagnoseRecordReply({ ...alice, id: -1 }, text('4294967295 alice 1.73')).mistake).toBe('unsignedId');
    expect(diagnoseRecordReply(alice, text('7 alice 1.73\n')).mistake).toBe('newline');
    expect(diagnoseRecordReply({ ...alice, name: 'José' }, text('7 JosÃ© 1.73')).mistake).toBe('notUtf8');
    expect(diagnoseRecordReply(alice, text('ERROR bad size')).mistake).toBe('errorForRecord');
  });

  test('anything else is described, not guessed at', () => {
    expect(diagnoseRecordReply(alice, text('7 bob 1.73'))).toEqual({ observed: 'the reply differs from the expected text at byte 2' });
  });
});
