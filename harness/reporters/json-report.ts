import type { GradeResult } from '../grade/results.ts';
import { toJson } from '../grade/results.ts';
import { writeReport } from './write-report.ts';

// The JSON result contract as text.
export function renderJson(result: GradeResult): string {
  return `${JSON.stringify(toJson(result), null, 2)}\n`;
}

// Writes the JSON result contract to file; a failure is an E_REPORT naming --json and the file.
export async function writeJsonReport(file: string, result: GradeResult): Promise<void> {
  await writeReport('--json', file, renderJson(result));
}
