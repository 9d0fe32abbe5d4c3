import { describe, expect, test } from 'vitest';
import { formatCtime } from './ctime-line.ts';
import type { ExpectedLine, LogLine } from './log-match.ts';
import { diagnoseMissing, matchLogLines } from './log-match.ts';

const now = new Date(2026, 10, 24, 12, 0, 30).getTime();
const stamp = (offsetS = 0): string => formatCtime(new Date(now + offsetS * 1000));
const log = (...texts: string[]): LogLine[] => texts.map((text, i) => ({ number: i + 1, text }));
const sent = (text: string | RegExp, from = 'client 1', ago = 1): ExpectedLine => ({ text, from, sentAt: now - ago * 1000 });

describe('matchLogLines', () => {
  test('finds each source in its own order, ignoring blank, extra and old lines', () => {
    const lines = log('Mon Nov 23 10:00:00 2026 an old line', `${stamp()} B1`, '', `${stamp()} A1`, `${stamp()} client connected`, `${stamp()} `, `${stamp()} A2\r`, `${stamp()} B2`);
    const { matched, missing } = matchLogLines(lines, [sent('A1'), sent('A2'), sent('B1', 'client 2'), sent('B2', 'client 2')], { now });
    expect(missing).toEqual([]);
    expect(matched.map((m) => m.line.number)).toEqual([4, 7, 2, 8]);
  });

  test('a line out of its source order, or stamped too far from the clock, is missing', () => {
    const outOfOrder = matchLogLines(log(`${stamp()} A2`, `${stamp()} A1`), [sent('A1'), sent('A2')], { now });
    expect(outOfOrder.missing.map((e) => e.text)).toEqual(['A2']);
    const late = matchLogLines(log(`${stamp(-3600)} A1`), [sent('A1')], { now });
    expect(late.missing.map((e) => e.text)).toEqual(['A1']);
    const withinSkew = matchLogLines(log(`${stamp(-5)} A1`, `${stamp(4)} A2`), [sent('A1', 'client 1', 0), sent('A2', 'client 1', 0)], { now });
    expect(withinSkew.missing).toEqual([]);
  });

  test('the same text twice needs two entries', () => {
    expect(matchLogLines(log(`${stamp()} same`), [sent('same'), sent('same', 'client 2')], { now }).missing).toHaveLength(1);
  });
});

describe('diagnoseMissing', () => {
  const why = (lines: LogLine[], e: ExpectedLine, tail = '') => {
    const { matched } = matchLogLines(lines, [e], { now });
    return diagnoseMissing(lines, tail, e, matched, { now });
  };

  test('two lines from one recv() logged as one entry', () => {
    expect(why(log(`${stamp()} first`, 'second'), sent('second'))).toEqual({
      code: 'E_LOG_MISSING',
      message: '"second" from client 1 is line 2 of the log with no timestamp of its own, right after "' + `${stamp()} first` + '": the lines that arrived in one recv() were logged as one entry (split what recv() returns on "\\n" and log each line)',
    });
  });

  test('one line over several recv()s logged as several entries', () => {
    expect(why(log(`${stamp()} third `, `${stamp()} part`), sent('third part')).message).toContain('"third part" from client 1 was logged as 2 entries, "third " + "part" (lines 1–2)');
  });

  test('a stamp far from the wall clock, or none in ctime form', () => {
    expect(why(log(`${stamp(-7200)} hello`), sent('hello'))).toMatchObject({ code: 'E_LOG_FORMAT', message: expect.stringContaining('7199 s before it was sent') });
    expect(why(log('2026-11-24 12:00:30 hello'), sent('hello'))).toMatchObject({ code: 'E_LOG_FORMAT', message: expect.stringContaining('does not start with a time.ctime() stamp') });
    expect(why(log('hello'), sent('hello'))).toMatchObject({ code: 'E_LOG_FORMAT', message: expect.stringContaining('without a timestamp') });
  });

  test('part of a longer entry, unterminated, out of order', () => {
    expect(why(log(`${stamp()} first second`), sent('second')).message).toContain('is only part of line 1');
    expect(why(log(), sent('hello'), `${stamp()} hello`)).toMatchObject({ code: 'E_LOG_FORMAT', message: expect.stringContaining('without its "\\n"') });
    const lines = log(`${stamp()} A2`, `${stamp()} A1`);
    const expected = [sent('A1'), sent('A2')];
    const { matched, missing } = matchLogLines(lines, expected, { now });
    expect(diagnoseMissing(lines, '', missing[0] as ExpectedLine, matched, { now }).message).toContain('"A2" from client 1 was logged at line 1, before "A1" (line 2), which client 1 sent first');
  });

  test('never appeared, and why when the server was seen to read it', () => {
    expect(why(log(), sent('hello')).message).toBe('"hello" from client 1 never appeared in the log');
    expect(why(log(), { ...sent('hello'), readByServer: true }).message).toContain('the server read it off the socket');
    expect(why(log(), { ...sent('hello'), readByServer: false }).message).toContain('the server did not even read it off its socket');
  });
});
