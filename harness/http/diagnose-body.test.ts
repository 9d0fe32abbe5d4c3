import { describe, expect, test } from 'vitest';
import { carriesSecret, diagnoseBody } from './diagnose-body.ts';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('diagnoseBody', () => {
  test('nothing to say when the body is the file', () => {
    expect(diagnoseBody({ file: png, body: png, contentLength: png.length })).toBeUndefined();
  });

  test('Content-Length counted in characters for UTF-8 text', () => {
    const file = Buffer.from('Grüße — ✓\n', 'utf8');
    const chars = [...file.toString('utf8')].length;
    const message = diagnoseBody({ file, body: file.subarray(0, chars), contentLength: chars, after: file.subarray(chars) });
    expect(message).toContain(`Content-Length is ${chars} but the file has ${file.length} bytes (off by ${chars - file.length})`);
    expect(message).toContain("the file's length in characters; Content-Length counts bytes");
  });

  test('Content-Length too short for binary: the rest came after the body', () => {
    const message = diagnoseBody({ file: png, body: png.subarray(0, 10), contentLength: 10, after: png.subarray(10) });
    expect(message).toContain('off by -6');
    expect(message).toContain('the other 6 bytes came after it');
  });

  test('Content-Length too long: the client waits for bytes that never come', () => {
    const message = diagnoseBody({ file: png, body: png, contentLength: 20, ended: 'eof' });
    expect(message).toContain('off by 4');
    expect(message).toContain('waited for 4 more bytes');
  });

  test('a body cut short with the right Content-Length', () => {
    expect(diagnoseBody({ file: png, body: png.subarray(0, 8), contentLength: 16, ended: 'eof' })).toContain("the server closed the connection after 8 body bytes (the file's first bytes, intact)");
  });

  test('a text-mode read: latin-1 decoded and UTF-8 encoded, or newlines translated', () => {
    const latin = Buffer.from(png.toString('latin1'), 'utf8');
    expect(diagnoseBody({ file: png, body: latin })).toContain('read as text (latin-1) and encoded back as UTF-8');
    expect(diagnoseBody({ file: png, body: Buffer.from(png.toString('utf8'), 'utf8') })).toContain('U+FFFD');
    expect(diagnoseBody({ file: png, body: Buffer.from(png.toString('latin1').replace(/\r\n/g, '\n'), 'latin1') })).toContain('"\\r\\n" into "\\n"');
  });

  test('otherwise the first difference', () => {
    const body = Buffer.from(png);
    body[5] = 0;
    expect(diagnoseBody({ file: png, body, contentLength: png.length })).toBe('the body differs from the file at byte 5 (16 bytes received, the file has 16)');
  });
});

describe('carriesSecret', () => {
  const secret = Buffer.from('0123456789abcdef0123456789ABCDEF0123', 'latin1');
  test('the whole secret, a 16-byte piece of it, or nothing', () => {
    expect(carriesSecret(Buffer.concat([Buffer.from('HTTP/1.0 200 OK\r\n\r\n'), secret]), secret)).toBe(true);
    expect(carriesSecret(Buffer.from('xx0123456789ABCDEFyy'), secret)).toBe(true);
    expect(carriesSecret(Buffer.from('0123456789abcde'), secret)).toBe(false);
    expect(carriesSecret(Buffer.from('anything'), Buffer.alloc(0))).toBe(false);
  });
});
