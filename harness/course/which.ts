import { accessSync, constants } from 'node:fs';
import path from 'node:path';

// The file a program name runs, as a shell finds it: the name itself when it has a slash, else the first
// executable in a PATH folder. With `cwd`, relative names and folders (an empty PATH entry is ".") are
// taken from there, as for a process started in it; without, empty entries are skipped.
export function findOnPath(program: string, envPath: string = process.env.PATH ?? '', cwd?: string): string | undefined {
  if (program.includes('/')) return path.resolve(cwd ?? '', program);
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir && cwd === undefined) continue;
    const candidate = cwd === undefined ? path.join(dir, program) : path.resolve(cwd, dir || '.', program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: the next folder
    }
  }
  return undefined;
}

// True when a program of that name is on PATH (executable), as a shell would find it.
export function onPath(program: string, envPath: string = process.env.PATH ?? ''): boolean {
  return findOnPath(program, envPath) !== undefined;
}
