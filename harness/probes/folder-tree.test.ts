import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { folderTreeChanges, readFolderTree } from './folder-tree.ts';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('folder trees prove what was (not) written', () => {
  test('entries appear, change and vanish; excluded subtrees and symlinks are not followed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'folder-tree-'));
    made.push(dir);
    await mkdir(path.join(dir, 'root'));
    await writeFile(path.join(dir, 'secret.txt'), 'secret');
    await writeFile(path.join(dir, 'root', 'served.txt'), 'served');
    const before = await readFolderTree(dir, [path.join(dir, 'root')]);
    expect([...before.keys()]).toEqual(['secret.txt']);
    await writeFile(path.join(dir, 'secret.txt'), 'changed');
    await writeFile(path.join(dir, 'escaped.txt'), 'x');
    await symlink('/etc', path.join(dir, 'link'));
    await writeFile(path.join(dir, 'root', 'inside.txt'), 'ignored');
    const changes = folderTreeChanges(before, await readFolderTree(dir, [path.join(dir, 'root')]));
    expect(changes).toEqual([
      '+ escaped.txt (file 1 9dd4e461268c8034f5c8564e155c67a6)',
      '+ link (link -> /etc)',
      expect.stringMatching(/^~ secret\.txt \(was file 6 .*, now file 7 /),
    ]);
    expect(folderTreeChanges(before, new Map())).toEqual(['- secret.txt']);
  });
});
