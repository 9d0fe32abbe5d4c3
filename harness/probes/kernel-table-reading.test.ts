import { expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readKernelTable } from './kernel-table-reading.ts';

test('callers during a reading share the next one, which shows what was there after they asked', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sockgrade-table-'));
  const file = path.join(dir, 'table');
  try {
    writeFileSync(file, 'before');
    const first = readKernelTable(file);
    writeFileSync(file, 'after');
    const second = readKernelTable(file);
    const third = readKernelTable(file);
    expect(second).toBe(third);
    expect(second).not.toBe(first);
    expect(await second).toBe('after');
    await first;
    // Nothing in progress any more: a new call begins a reading of its own.
    writeFileSync(file, 'later');
    const fourth = readKernelTable(file);
    expect(fourth).not.toBe(second);
    expect(await fourth).toBe('later');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed reading fails its callers, and the next one still begins', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sockgrade-table-'));
  const file = path.join(dir, 'missing');
  try {
    const first = readKernelTable(file);
    const second = readKernelTable(file);
    await expect(first).rejects.toThrow(/ENOENT/);
    await expect(second).rejects.toThrow(/ENOENT/);
    writeFileSync(file, 'there now');
    expect(await readKernelTable(file)).toBe('there now');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
