import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SockgradeError } from '../errors/sockgrade-error.ts';

// Where a run's course came from, for messages.
export interface FoundCourse {
  readonly dir: string;
  readonly from: string;
}

function isDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

// The course folder at dir, checked: it exists and holds specs/.
export function courseAt(dir: string, from: string): FoundCourse {
  if (!isDir(dir)) throw new SockgradeError('E_USAGE', `${from}: course folder ${dir} does not exist`);
  if (!isDir(path.join(dir, 'specs'))) throw new SockgradeError('E_USAGE', `${from}: ${dir} has no specs/ folder (a course holds specs/<assignment>/, reference/<assignment>/, fixtures/<assignment>/)`);
  return { dir, from };
}

// The "specs" setting of a package.json: a folder relative to it, or the name of an installed package
// (a course published as a package, e.g. a git dependency of the students' repository).
function resolveSetting(value: string, packageJson: string): string {
  const relative = path.resolve(path.dirname(packageJson), value);
  if (existsSync(relative) || value.startsWith('.') || path.isAbsolute(value)) return relative;
  try {
    return path.dirname(createRequire(packageJson).resolve(`${value}/package.json`));
  } catch {
    return relative;
  }
}

// The course to grade with: --specs DIR, else the nearest package.json (from cwd upwards) with a
// "sockgrade": {"specs": "<folder or package>"} entry, else none (the built-in assignments only).
export function findCourse({ specs, cwd }: { specs?: string; cwd: string }): FoundCourse | undefined {
  if (specs !== undefined) return courseAt(path.resolve(cwd, specs), `--specs ${specs}`);
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        data = undefined;
      }
      const setting = (data as { sockgrade?: unknown } | undefined)?.sockgrade;
      // A course's own package.json may hold only its servers' "limits" (see course-limits.ts): not a pointer to a course.
      const onlyLimits = setting !== null && typeof setting === 'object' && !Array.isArray(setting) && Object.keys(setting).every((key) => key === 'limits');
      if (setting !== undefined && !onlyLimits) {
        const value = (setting as { specs?: unknown } | null)?.specs;
        if (typeof value !== 'string' || value.trim() === '') {
          throw new SockgradeError('E_USAGE', `${file}: "sockgrade" must be {"specs": "<course folder or package>"} (and, in the course's own package.json, "limits"), got ${JSON.stringify(setting)}`);
        }
        return courseAt(resolveSetting(value, file), `${file} "sockgrade.specs"`);
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
