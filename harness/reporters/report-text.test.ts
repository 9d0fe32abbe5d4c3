import { expect, test } from 'vitest';
import { reportText } from './report-text.ts';

test('keeps a short report as it is', () => {
  expect(reportText('line 1\n  line 2\nhint: x', 1000)).toBe('line 1\n  line 2\nhint: x');
});

test('replaces characters no report format can hold, keeps tabs and newlines', () => {
  expect(reportText('a\u0000b\u001b[31mc\td\r\ne\uD800f', 1000)).toBe('a\uFFFDb\uFFFD[31mc\td\ne\uFFFDf');
});

test('cuts the middle of a long report, keeping the first and last lines and saying how much', () => {
  const lines = ['error: expected 5 bytes', ...Array.from({ length: 500 }, (_, i) => `  transcript line ${i}`), 'hint: send it back'];
  const text = reportText(lines.join('\n'), 1000);
  expect(text.length).toBeLessThanOrEqual(1000);
  expect(text.startsWith('error: expected 5 bytes\n')).toBe(true);
  expect(text.endsWith('\nhint: send it back')).toBe(true);
  expect(text).toMatch(/… \d+ characters trimmed/);
});

test('a single line longer than the limit keeps its start', () => {
  const text = reportText('x'.repeat(5000), 500);
  expect(text.length).toBeLessThanOrEqual(500);
  expect(text.startsWith('xxxx')).toBe(true);
});
