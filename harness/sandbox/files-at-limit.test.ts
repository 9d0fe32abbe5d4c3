import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { filesAtLimit } from './files-at-limit.ts';

test('files that reached the size limit, anywhere below the folder, never through a symlink', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-files-'));
  try {
    await mkdir(path.join(dir, 'work', 'cache'), { recursive: true });
    await writeFile(path.join(dir, 'work', 'cache', 'big.bin'), Buffer.alloc(4096));
    await writeFile(path.join(dir, 'work', 'small.txt'), 'hello');
    await writeFile(path.join(dir, 'outside.bin'), Buffer.alloc(8192));
    await symlink(path.join(dir, 'outside.bin'), path.join(dir, 'work', 'link.bin'));
    expect(await filesAtLimit(path.join(dir, 'work'), 4096)).toEqual([path.join('cache', 'big.bin')]);
    expect(await filesAtLimit(path.join(dir, 'missing'), 1)).toEqual([]);
    // Written before the server started: the test's, not the server's.
    expect(await filesAtLimit(path.join(dir, 'work'), 4096, Date.now() + 60_000)).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
