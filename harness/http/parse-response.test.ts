import { describe, expect, test } from 'vitest';
import { declaredLength, findHeadEnd, headerValue, parseHead } from './parse-response.ts';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('findHeadEnd', () => {
  test('finds the blank line however the lines end', () => {
    expect(findHeadEnd(b('HTTP/1.0 200 OK\r\nA: 1\r\n\r\nbody'))).toBe(25);
    expect(findHeadEnd(b('HTTP/1.0 200 OK\nA: 1\n\nbody'))).toBe(22);
    expect(findHeadEnd(b('HTTP/1.0 200 OK\nA: 1\r\n\nbody'))).toBe(23);
    expect(findHeadEnd(b('HTTP/1.0 200 OK\r\nA: 1\n\r\nbody'))).toBe(24);
  });

  test('waits for more when the head is incomplete, even when it stops inside the blank line', () => {
    expect(findHeadEnd(b('HTTP/1.0 200 OK\r\nA: 1\r\n'))).toBe(-1);
    expect(findHeadEnd(b('HTTP/1.0 200 OK\r\nA: 1\r\n\r'))).toBe(-1);
    expect(findHeadEnd(b(''))).toBe(-1);
  });
});

describe('parseHead', () => {
  test('reads status, reason and headers, noting bare LF line ends', () => {
    const parsed = parseHead(b('HTTP/1.1 404 Not Found\r\nContent-Type:text/html\nContent-Length:  12 \r\n\r\n'));
    expect('head' in parsed).toBe(true);
    if (!('head' in parsed)) return;
    expect(parsed.head.status).toBe(404);
    expect(parsed.head.reason).toBe('Not Found');
    expect(headerValue(parsed.head, 'content-type')).toBe('text/html');
    expect(declaredLength(parsed.head)).toEqual({ length: 12 });
    expect(parsed.head.bareLfLines).toEqual([1]);
  });

  test('takes any reason phrase, or none', () => {
    for (const line of ['HTTP/1.0 200', 'HTTP/1.0 200 ', 'HTTP/1.1 303 Not Found', 'HTTP/1.1 200 Très bien']) {
      const parsed = parseHead(b(`${line}\r\n\r\n`));
      expect(parsed, line).toHaveProperty('head.status');
    }
  });

  test('names a body line among the headers: no blank line before the body', () => {
    const parsed = parseHead(b('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n<html>\n\n'));
    expect(parsed).toEqual({ problem: expect.stringContaining('line 3 of the response, "<html>", is not a header: the headers must end with an empty line') });
  });

  test('names a response that does not start with a status line', () => {
    expect(parseHead(b('<html>hello</html>\n\n'))).toEqual({ problem: expect.stringContaining('does not start with a status line') });
    expect(parseHead(b('HTTP/2 200 OK\r\n\r\n'))).toEqual({ problem: expect.stringContaining('does not start with "HTTP/1.0 " or "HTTP/1.1 "') });
    expect(parseHead(b('\r\nHTTP/1.0 200 OK\r\n\r\n'))).toEqual({ problem: expect.stringContaining('starts with an empty line') });
  });
});

describe('declaredLength', () => {
  const head = (lines: string) => {
    const parsed = parseHead(b(`HTTP/1.0 200 OK\r\n${lines}\r\n`));
    if (!('head' in parsed)) throw new Error(parsed.problem);
    return parsed.head;
  };
  test('absent, valid, repeated alike, conflicting, not a number', () => {
    expect(declaredLength(head(''))).toEqual({});
    expect(declaredLength(head('Content-Length: 5\r\nContent-Length: 5\r\n'))).toEqual({ length: 5 });
    expect(declaredLength(head('Content-Length: 5\r\ncontent-length: 6\r\n')).problem).toContain('conflicting Content-Length values: 5, 6');
    expect(declaredLength(head('Content-Length: five\r\n')).problem).toContain('"five" is not a number');
  });
});
