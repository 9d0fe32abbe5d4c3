import { fileURLToPath } from 'node:url';
import path from 'node:path';

// The installed sockgrade package: specs and references are found relative to it.
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const specsDir = path.join(packageRoot, 'specs');
export const referenceDir = path.join(packageRoot, 'reference');
