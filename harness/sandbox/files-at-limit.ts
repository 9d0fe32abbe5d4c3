import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

// Files under dir (never following symlinks, so not into the submission) written since `sinceMs` (epoch
// ms: what the test put there before the server started is not the server's) whose size reached `bytes`:
// RLIMIT_FSIZE cuts a write at the limit, so a file that large is where one was refused, even in a
// program that ignores SIGXFSZ and swallows EFBIG. Paths are relative to dir; at most `maxEntries` looked at.
export async function filesAtLimit(dir: string, bytes: number, sinceMs = 0, maxEntries = 10_000): Promise<string[]> {
  const found: string[] = [];
  let budget = maxEntries;
  const walk = async (current: string): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (--budget < 0) return;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        const info = await lstat(full).catch(() => undefined);
        if (info && info.size >= bytes && info.mtimeMs >= sinceMs) found.push(path.relative(dir, full));
      }
    }
  };
  await walk(dir);
  return found.sort();
}
