import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SockgradeError } from '../errors/sockgrade-error.ts';

// sockgrade.json: an optional build command and one server command per assignment.
export interface Manifest {
  readonly path: string;
  readonly build?: string;
  readonly assignments: Readonly<Record<string, string>>;
}

export const MANIFEST_NAME = 'sockgrade.json';

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function unreadable(file: string, err: unknown): SockgradeError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code})`;
  return new SockgradeError('E_MANIFEST', `${file} ${why}; create it, or grade one command with --assignment NAME --run "CMD {port}"`);
}

// Validates a manifest's text; every problem is one E_MANIFEST line naming the key and value.
export function parseManifest(text: string, file: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SockgradeError('E_MANIFEST', `${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeOf(data) !== 'object') throw new SockgradeError('E_MANIFEST', `${file} must hold a JSON object, got ${typeOf(data)}`);
  const obj = data as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== 'build' && key !== 'assignments') throw new SockgradeError('E_MANIFEST', `${file}: unknown key "${key}" (expected "build" and "assignments")`);
  }
  if (obj.build !== undefined && (typeof obj.build !== 'string' || obj.build.trim() === '')) {
    throw new SockgradeError('E_MANIFEST', `${file}: "build" must be a non-empty string, got ${JSON.stringify(obj.build)} (${typeOf(obj.build)})`);
  }
  if (typeOf(obj.assignments) !== 'object') {
    throw new SockgradeError('E_MANIFEST', `${file}: "assignments" must be an object of name -> command, got ${typeOf(obj.assignments)}`);
  }
  const assignments = obj.assignments as Record<string, unknown>;
  if (Object.keys(assignments).length === 0) throw new SockgradeError('E_MANIFEST', `${file}: "assignments" is empty; add e.g. "tcp-echo": "python3 echo.py {port}"`);
  for (const [name, command] of Object.entries(assignments)) {
    if (typeof command !== 'string' || command.trim() === '') {
      throw new SockgradeError('E_MANIFEST', `${file}: assignments["${name}"] must be a non-empty command string, got ${JSON.stringify(command)} (${typeOf(command)})`);
    }
  }
  return { path: file, ...(typeof obj.build === 'string' ? { build: obj.build } : {}), assignments: assignments as Record<string, string> };
}

// Reads and validates the manifest in dir.
export async function loadManifest(dir: string): Promise<Manifest> {
  const file = path.join(dir, MANIFEST_NAME);
  const text = await readFile(file, 'utf8').catch((err: unknown) => {
    throw unreadable(file, err);
  });
  return parseManifest(text, file);
}

// The same, synchronously (while a spec file is being collected, nothing can be awaited).
export function loadManifestSync(dir: string): Manifest {
  const file = path.join(dir, MANIFEST_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw unreadable(file, err);
  }
  return parseManifest(text, file);
}
