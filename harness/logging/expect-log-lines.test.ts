import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import { LogFile } from '../files/log-file.ts';
import { formatCtime } from './ctime-line.ts';
import { expectLogLines } from './expect-log-lines.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'expect-log-lines-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('expectLogLines', () => {
  test('resolves once every line is there, each source in order', async () => {
    const file = path.join(dir, 'server.log');
    await writeFile(file, 'Mon Nov 23 10:00:00 2026 an old line\n');
    const now = Date.now();
    const waiting = expectLogLines(new LogFile(file), [
      { text: 'one', from: 'client 1', sentAt: now },
      { text: 'two', from: 'client 1', sentAt: now },
      { text: 'typed', from: 'stdin', sentAt: now },
    ], { timeoutMs: 5000 });
    const stamp = formatCtime(new Date());
    setTimeout(() => void appendFile(file, `${stamp} typed\n${stamp} one\n${stamp} two\n`), 30);
    expect((await waiting).map((m) => m.line.number)).toEqual([3, 4, 2]);
  });

  test('names the file of its own the server wrote the line to', async () => {
    const file = path.join(dir, 'server.log');
    await writeFile(file, '');
    await writeFile(path.join(dir, 'log.txt'), `${formatCtime(new Date())} hello\n`);
    const failure = await expectLogLines(new LogFile(file), [{ text: 'hello', from: 'client 1', sentAt: Date.now() }], { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(isSockgradeError(failure, 'E_LOG_MISSING')).toBe(true);
    expect((failure as Error).message).toContain('"hello" from client 1 is in "log.txt" in the server\'s working folder, not in the log it was given');
    await writeFile(path.join(dir, 'log.txt'), `${formatCtime(new Date())} caf\uFFFD au lait\n`);
    const pattern = await expectLogLines(new LogFile(file), [{ text: /^caf\uFFFD+ au lait$/u, from: 'client 1', sentAt: Date.now() }], { timeoutMs: 100 }).catch((e: unknown) => e);
    expect((pattern as Error).message).toContain('a line matching /^caf\\uFFFD+ au lait$/u from client 1 is in "log.txt"');
  });

  test('otherwise says it never appeared, how long it waited and what the file held', async () => {
    const file = path.join(dir, 'server.log');
    await writeFile(file, 'Mon Nov 23 10:00:00 2026 an old line\n');
    const failure = await expectLogLines(new LogFile(file), [{ text: 'hello', from: 'client 1', sentAt: Date.now() }], { timeoutMs: 100 }).catch((e: unknown) => e);
    expect((failure as Error).message).toMatch(/^"hello" from client 1 never appeared in the log \(waited \d+ms\)\nexpected 1 line, found 0\nlog .*server\.log: the file held 37 bytes:\n\s+1  "Mon Nov 23 10:00:00 2026 an old line"$/);
  });
});
