import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import { describeLog, LogFile, logTimeout } from './log-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'log-file-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('LogFile', () => {
  test('reads appended lines incrementally, invalid UTF-8 as U+FFFD, the unterminated end apart', async () => {
    const file = path.join(dir, 'log.txt');
    const log = new LogFile(file);
    expect((await log.read()).exists).toBe(false);
    await writeFile(file, 'one\ntw');
    expect(await log.read()).toMatchObject({ exists: true, lines: [{ number: 1, text: 'one' }], tail: 'tw' });
    await appendFile(file, Buffer.from('o\nbad \xff here\n', 'latin1'));
    const snap = await log.read();
    expect(snap.lines.map((l) => l.text)).toEqual(['one', 'two', 'bad \uFFFD here']);
    expect(snap.tail).toBe('');
  });

  test('keeps only what the filter keeps, and counts the rest', async () => {
    const file = path.join(dir, 'log.txt');
    await writeFile(file, 'a\n\n\nb\n');
    const snap = await new LogFile(file, { keep: (l) => l !== '' }).read();
    expect(snap.lines).toEqual([{ number: 1, text: 'a' }, { number: 4, text: 'b' }]);
    expect(snap.dropped).toBe(2);
  });

  test('notices a truncation and starts over', async () => {
    const file = path.join(dir, 'log.txt');
    await writeFile(file, 'an old line\nanother\n');
    const log = new LogFile(file);
    await log.read();
    await writeFile(file, 'new\n');
    expect(await log.read()).toMatchObject({ truncations: 1, lines: [{ number: 1, text: 'new' }] });
  });

  test('waitFor resolves when the line appears, without waiting out the deadline', async () => {
    const file = path.join(dir, 'log.txt');
    // The poll alone would take 10 s: the change notification wakes the wait.
    const log = new LogFile(file, { pollMs: 10_000 });
    const started = performance.now();
    const waiting = log.waitFor((s) => s.lines.find((l) => l.text === 'hello'), 20_000, () => new Error('never'));
    setTimeout(() => void writeFile(file, 'hello\n'), 50);
    expect(await waiting).toEqual({ number: 1, text: 'hello' });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  test('waitFor fails at the deadline with what the file held and how long it waited', async () => {
    const file = path.join(dir, 'log.txt');
    await writeFile(file, 'Mon Nov 23 10:00:00 2026 an old line\nhalf');
    const log = new LogFile(file);
    const failure = await log.waitFor(() => undefined, 150, (s, waited) => logTimeout('"hello" never appeared', s, waited, file)).catch((e: unknown) => e);
    expect(isSockgradeError(failure, 'E_LOG_MISSING')).toBe(true);
    // At the deadline or after it (a loaded machine wakes the poll late), never before.
    expect(Number(/within (\d+)ms/.exec((failure as Error).message)?.[1])).toBeGreaterThanOrEqual(150);
    expect((failure as Error).message).toMatch(/^"hello" never appeared within \d+ms\nthe file held 41 bytes \(ends with an unterminated line "half" \(no "\\n" yet\)\):\n\s+1  "Mon Nov 23 10:00:00 2026 an old line"$/);
  });

  test('describeLog keeps the start and the end of a long file', () => {
    const lines = Array.from({ length: 40 }, (_, i) => ({ number: i + 1, text: `line ${i + 1}` }));
    const text = describeLog({ exists: true, lines, dropped: 3, tail: '', bytes: 400, truncations: 0, capped: false });
    expect(text).toContain('3 blank lines not shown');
    expect(text).toContain('…  25 more lines');
    expect(text).toContain('"line 40"');
    expect(describeLog({ exists: false, lines: [], dropped: 0, tail: '', bytes: 0, truncations: 0, capped: false })).toBe('the file does not exist');
  });
});
