import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

// Every entry of a folder tree, by path relative to it: "dir", "file <size> <md5>" or "link -> target".
// Symlinks are described, never followed. Used to prove what a server did (not) write.
export type FolderTree = ReadonlyMap<string, string>;

// Reads a folder tree, leaving out the subtrees at the given absolute paths.
export async function readFolderTree(dir: string, exclude: readonly string[] = []): Promise<FolderTree> {
  const tree = new Map<string, string>();
  const skipped = new Set(exclude.map((p) => path.resolve(p)));
  const walk = async (at: string): Promise<void> => {
    const names = await readdir(at).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const full = path.join(at, name);
      if (skipped.has(full)) continue;
      const rel = path.relative(dir, full);
      const stat = await lstat(full).catch(() => undefined);
      if (!stat) continue;
      if (stat.isSymbolicLink()) tree.set(rel, `link -> ${await readlink(full).catch(() => '?')}`);
      else if (stat.isDirectory()) {
        tree.set(rel, 'dir');
        await walk(full);
      } else if (stat.isFile()) {
        const bytes = await readFile(full).catch(() => Buffer.alloc(0));
        tree.set(rel, `file ${stat.size} ${createHash('md5').update(bytes).digest('hex')}`);
      } else tree.set(rel, 'other');
    }
  };
  await walk(dir);
  return tree;
}

// What differs between two readings, one line per entry: "+ new.txt (file 5 …)", "- gone", "~ changed".
export function folderTreeChanges(before: FolderTree, after: FolderTree, ignore: (rel: string) => boolean = () => false): string[] {
  const lines: string[] = [];
  for (const [rel, what] of after) {
    if (ignore(rel)) continue;
    const was = before.get(rel);
    if (was === undefined) lines.push(`+ ${rel} (${what})`);
    else if (was !== what) lines.push(`~ ${rel} (was ${was}, now ${what})`);
  }
  for (const rel of before.keys()) if (!after.has(rel) && !ignore(rel)) lines.push(`- ${rel}`);
  return lines;
}
