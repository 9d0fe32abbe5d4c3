import { describe, expect, test } from 'vitest';
import { byteSwap32, diagnoseReply } from './diagnose-reply.ts';
import type { ReplyEvidence } from './diagnose-reply.ts';
import { frame } from './length-prefixed.ts';
import { pack } from './struct.ts';

const hello = Buffer.from('hello');
const base: ReplyEvidence = { number: 1, expected: [hello], header: Buffer.alloc(0), body: Buffer.alloc(0), sentInPieces: false, batch: { size: 1, answered: 0 } };

describe('diagnoseReply names the sticky-packet mistake a reply shows', () => {
  test('a length written little-endian', () => {
    const d = diagnoseReply({ ...base, header: pack('<I', 5), body: hello });
    expect(d.mistake).toBe('littleEndian');
    expect(d.observed).toContain('05 00 00 00: 83886080 as \'!I\'');
  });

  test('a length read little-endian: the payload stops matching after the byte-swapped length', () => {
    expect(byteSwap32(4 * 1024 * 1024)).toBe(16384);
    const payload = Buffer.alloc(4 * 1024 * 1024, 1);
    const d = diagnoseReply({ ...base, expected: [payload], header: pack('!I', payload.length), body: payload.subarray(0, 16384), ended: 'timeout' });
    expect(d.mistake).toBe('littleEndian');
  });

  test('one recv() taken as a whole message: the server hangs up on a message sent in pieces', () => {
    expect(diagnoseReply({ ...base, ended: 'eof', sentInPieces: true }).mistake).toBe('oneRecvOneMessage');
    expect(diagnoseReply({ ...base, ended: 'reset', sentInPieces: true }).mistake).toBe('oneRecvOneMessage');
    expect(diagnoseReply({ ...base, ended: 'eof' })).toEqual({ observed: 'the server closed the connection without answering message 1' });
  });

  test('a body cut by a single recv()', () => {
    const d = diagnoseReply({ ...base, header: pack('!I', 2), body: Buffer.from('he') });
    expect(d).toEqual({ observed: 'reply 1 carries only the first 2 of the 5 payload bytes', mistake: 'bodyCut' });
  });

  test('replies merged: the first reply carries the following messages, headers included', () => {
    const rest = [Buffer.from('a'), Buffer.from('bc')];
    const body = Buffer.concat([hello, frame('a'), frame('bc')]);
    const d = diagnoseReply({ ...base, expected: [hello, ...rest], header: pack('!I', body.length), body, batch: { size: 3, answered: 0 } });
    expect(d.mistake).toBe('merged');
    expect(d.observed).toContain("message 1's payload followed by the next 2 messages, headers included");
  });

  test('replies missing: part of a coalesced write answered, then silence', () => {
    const d = diagnoseReply({ ...base, number: 2, ended: 'timeout', batch: { size: 1000, answered: 1 } });
    expect(d.mistake).toBe('missing');
    expect(d.observed).toBe('only 1 of the 1000 messages completed by one write were answered, then nothing more came');
  });

  test('replies missing: a server one message behind after a write that completed several', () => {
    const d = diagnoseReply({ ...base, number: 8, ended: 'timeout', sentInPieces: true, coalescedBefore: true });
    expect(d.mistake).toBe('missing');
    expect(d.observed).toBe('message 8 was never answered (nothing more came), after an earlier write had completed several messages at once');
    // Hanging up on a message that arrived in pieces is the one-recv mistake, whatever came before.
    expect(diagnoseReply({ ...base, number: 3, ended: 'reset', sentInPieces: true, coalescedBefore: true }).mistake).toBe('oneRecvOneMessage');
  });

  test('anything else is described, not guessed at', () => {
    expect(diagnoseReply({ ...base, ended: 'timeout' })).toEqual({ observed: 'no reply' });
    expect(diagnoseReply({ ...base, header: pack('!I', 5), body: Buffer.from('HELLO') })).toEqual({ observed: 'reply 1 has the right length but its payload differs at byte 0' });
    expect(diagnoseReply({ ...base, header: pack('!I', 9), body: Buffer.from('nothing like') }).mistake).toBeUndefined();
  });
});
