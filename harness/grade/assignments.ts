import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { specsDir } from '../paths.ts';

// Assignment names are the folders of specs/ that hold spec files.
export function knownAssignments(): string[] {
  if (!existsSync(specsDir)) return [];
  return readdirSync(specsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(path.join(specsDir, d.name)).some((f) => f.endsWith('.spec.ts')))
    .map((d) => d.name)
    .sort();
}
