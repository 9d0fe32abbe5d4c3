import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { SockgradeError } from '../errors/sockgrade-error.ts';

// The submission folders of a class: every visible subfolder of dir (one per student or team),
// a symbolic link to a folder included.
export async function listSubmissions(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SockgradeError('E_USAGE', `SUBMISSIONS_DIR ${path.resolve(dir)} ${code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a folder' : `cannot be read (${code})`}`);
  }
  const isFolder = async (e: (typeof entries)[number]): Promise<boolean> =>
    e.isDirectory() || (e.isSymbolicLink() && (await stat(path.join(dir, e.name)).then((s) => s.isDirectory(), () => false)));
  const visible = entries.filter((e) => !e.name.startsWith('.'));
  const folders = await Promise.all(visible.map(isFolder));
  const names = visible.filter((_, i) => folders[i]).map((e) => e.name);
  if (names.length === 0) throw new SockgradeError('E_USAGE', `SUBMISSIONS_DIR ${path.resolve(dir)} holds no submission folders (one subfolder per submission, each with its sockgrade.json)`);
  return names;
}
