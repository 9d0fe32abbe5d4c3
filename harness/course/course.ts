import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.ts';

// A spec file: vitest runs TypeScript or JavaScript specs alike.
const SPEC_FILE = /\.spec\.(ts|mts|js|mjs)$/;

// One assignment of a course. Its name is its folder's name under specs/, nothing else; its reference
// and fixtures are found by that name.
export interface Assignment {
  readonly name: string;
  readonly specFiles: readonly string[];
  readonly specDir: string;
  readonly referenceDir: string;
  readonly fixturesDir: string;
  // The course folder it comes from (sockgrade's own folder for the built-in assignments).
  readonly course: string;
  readonly builtIn: boolean;
}

// The course that comes with sockgrade: the echo assignments and the course assignments.
export const builtInCourse: string = packageRoot;

// The assignments of a course folder: every specs/<name>/ holding at least one spec file.
export function courseAssignments(course: string, { builtIn = path.resolve(course) === path.resolve(builtInCourse) } = {}): Assignment[] {
  const specs = path.join(course, 'specs');
  if (!existsSync(specs)) return [];
  return readdirSync(specs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const specDir = path.join(specs, entry.name);
      const specFiles = readdirSync(specDir).filter((file) => SPEC_FILE.test(file)).sort().map((file) => path.join(specDir, file));
      return { name: entry.name, specFiles, specDir, referenceDir: path.join(course, 'reference', entry.name), fixturesDir: path.join(course, 'fixtures', entry.name), course, builtIn };
    })
    .filter((assignment) => assignment.specFiles.length > 0)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
