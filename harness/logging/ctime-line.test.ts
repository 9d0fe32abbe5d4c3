import { describe, expect, test } from 'vitest';
import { formatCtime, isBlankLogLine, parseCtimeLine, textMatches } from './ctime-line.ts';

describe('ctime lines', () => {
  test('format as time.ctime() does: the day padded with a space', () => {
    expect(formatCtime(new Date(2026, 10, 24, 0, 48, 18))).toBe('Tue Nov 24 00:48:18 2026');
    expect(formatCtime(new Date(1993, 5, 9, 4, 26, 40))).toBe('Wed Jun  9 04:26:40 1993');
  });

  test('parse the stamp as local time, and the text after one space', () => {
    expect(parseCtimeLine('Tue Nov 24 00:48:18 2026 hello world')).toEqual({ time: new Date(2026, 10, 24, 0, 48, 18), stamp: 'Tue Nov 24 00:48:18 2026', text: 'hello world' });
    expect(parseCtimeLine('Wed Jun  9 04:26:40 1993  two spaces kept')?.text).toBe(' two spaces kept');
    expect(parseCtimeLine('Wed Jun 09 04:26:40 1993 zero-padded day')?.time).toEqual(new Date(1993, 5, 9, 4, 26, 40));
    expect(parseCtimeLine('Tue Nov 24 00:48:18 2026')?.text).toBe('');
  });

  test('refuse what is not a ctime stamp', () => {
    expect(parseCtimeLine('2026-11-24 00:48:18 hello')).toBeUndefined();
    expect(parseCtimeLine('Mon Nov 24 00:48:18 2026 wrong weekday')).toBeUndefined();
    expect(parseCtimeLine('Tue Nov 31 00:48:18 2026 no such day')).toBeUndefined();
    expect(parseCtimeLine('Tue Nov 24 00:48:18 2026hello')).toBeUndefined();
    expect(parseCtimeLine('hello')).toBeUndefined();
  });

  test('blank lines carry nothing: empty, spaces, a stamp alone', () => {
    expect(isBlankLogLine('')).toBe(true);
    expect(isBlankLogLine('   ')).toBe(true);
    expect(isBlankLogLine('Tue Nov 24 00:48:18 2026 ')).toBe(true);
    expect(isBlankLogLine('Tue Nov 24 00:48:18 2026 x')).toBe(false);
  });

  test('a trailing CR may be kept or dropped; patterns for U+FFFD runs', () => {
    expect(textMatches('hello\r', 'hello')).toBe(true);
    expect(textMatches('hello', 'hello\r')).toBe(true);
    expect(textMatches('hello ', 'hello')).toBe(false);
    expect(textMatches('bad \uFFFD\uFFFD bytes\r', /^bad \uFFFD+ bytes$/u)).toBe(true);
    expect(textMatches('bad ?? bytes', /^bad \uFFFD+ bytes$/u)).toBe(false);
  });
});
