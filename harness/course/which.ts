import { accessSync, constants } from 'node:fs';
import path from 'node:path';

// True when a program of that name is on PATH (executable), as a shell would find it.
export function onPath(program: string, envPath: string = process.env.PATH ?? ''): boolean {
  return envPath.split(path.delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(path.join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
