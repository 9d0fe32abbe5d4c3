import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tempRoot } from './run-scope.ts';
import path from 'node:path';

// Entries never linked into a server's working directory.
const SKIPPED = new Set(['.git']);

// A fresh working directory; the submission's top-level entries are symlinked in so relative paths work
// while files the server creates stay in this directory and go away with it.
export async function createWorkdir(submissionDir?: string): Promise<string> {
  const dir = await mkdtemp(path.join(tempRoot(), 'sockgrade-'));
  if (submissionDir) {
    const entries = await readdir(submissionDir);
    await Promise.all(
      entries.filter((name) => !SKIPPED.has(name)).map((name) => symlink(path.join(submissionDir, name), path.join(dir, name))),
    );
  }
  return dir;
}

// Removes a directory tree; never follows the symlinks into the submission.
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
}
