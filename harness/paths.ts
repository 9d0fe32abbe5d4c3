import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// The installed sockgrade package, found by walking up to its package.json (this module may be
// bundled into another file, so its own location is only a starting point).
function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'sockgrade') return dir;
    if (path.dirname(dir) === dir) return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  }
}

export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
export const specsDir = path.join(packageRoot, 'specs');
export const referenceDir = path.join(packageRoot, 'reference');
