import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SockgradeError } from '../errors/sockgrade-error.ts';

// Writes one report file, creating its folder; a failure names the option and the file.
export async function writeReport(option: string, file: string, text: string): Promise<void> {
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(file, text);
  } catch (err) {
    throw new SockgradeError('E_REPORT', `${option} ${file}: cannot write the report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
