import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempRoot } from '../run/run-settings.ts';

// {root}: the folder a server serves files from or stores files into, and the secret placed next to it.
export interface ServedRoot {
  readonly path: string;
  // A file outside {root}, beside it, whose bytes must never come back and which must never change.
  readonly secretPath: string;
  readonly secret: Buffer;
}

// What a server may be given besides its endpoint.
export interface FolderRequest {
  readonly submissionDir?: string;
  // Fills {root} before the server starts; absent: no {root}.
  readonly root?: (dir: string) => Promise<void> | void;
  // Creates {log} (with this text in it, possibly empty) before the server starts; absent: no {log}.
  readonly log?: { readonly initial?: string | Uint8Array };
}

// Everything of one server on disk, removed as a whole when it stops:
//   <run temp>/sockgrade-XXXXXX/work/        its working folder: the submission's entries linked in, {log}
//   <run temp>/sockgrade-XXXXXX/root/        {root}
//   <run temp>/sockgrade-XXXXXX/secret.txt   beside {root}
export interface TestFolder {
  readonly dir: string;
  readonly workdir: string;
  readonly root?: ServedRoot;
  readonly logPath?: string;
}

// Entries never linked into a server's working directory: version control, and what sockgrade puts there.
const SKIPPED = new Set(['.git']);
export const LOG_FILE_NAME = 'server.log';

// Creates a server's folder; the submission's top-level entries are symlinked in, so relative paths work
// while files the server creates stay in its own folder and go away with it.
export async function createTestFolder(request: FolderRequest = {}): Promise<TestFolder> {
  const dir = await mkdtemp(path.join(tempRoot(), 'sockgrade-'));
  try {
    const workdir = path.join(dir, 'work');
    await mkdir(workdir);
    const skipped = new Set([...SKIPPED, ...(request.log ? [LOG_FILE_NAME] : [])]);
    if (request.submissionDir) {
      const entries = await readdir(request.submissionDir);
      await Promise.all(entries.filter((name) => !skipped.has(name)).map((name) => symlink(path.join(request.submissionDir as string, name), path.join(workdir, name))));
    }
    let root: ServedRoot | undefined;
    if (request.root) {
      root = { path: path.join(dir, 'root'), secretPath: path.join(dir, 'secret.txt'), secret: Buffer.from(`sockgrade secret ${randomBytes(16).toString('hex')}: never served\n`) };
      await mkdir(root.path);
      await writeFile(root.secretPath, root.secret);
      await request.root(root.path);
    }
    let logPath: string | undefined;
    if (request.log) {
      logPath = path.join(workdir, LOG_FILE_NAME);
      await writeFile(logPath, request.log.initial ?? '');
    }
    return { dir, workdir, ...(root ? { root } : {}), ...(logPath ? { logPath } : {}) };
  } catch (err) {
    await removeDir(dir);
    throw err;
  }
}

// Removes a directory tree; never follows the symlinks into the submission.
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
}
