import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GradeResult } from '../grade/results.ts';
import { toJson } from '../grade/results.ts';

// Writes the JSON result contract to file.
export async function writeJsonReport(file: string, result: GradeResult): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, `${JSON.stringify(toJson(result), null, 2)}\n`);
}
