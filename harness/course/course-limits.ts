import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { ServerLimits } from '../sandbox/server-limits.ts';
import { parseLimits } from '../sandbox/server-limits.ts';

// The servers' limits a course sets for all its assignments: "sockgrade": {"limits": {...}} in the
// course folder's own package.json (never the student's: a submission does not choose its limits).
// Undefined when the course sets none (or has no package.json).
export function courseLimits(courseDir: string): Partial<ServerLimits> | undefined {
  const file = path.join(courseDir, 'package.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SockgradeError('E_USAGE', `${file} is not valid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  const limits = (data as { sockgrade?: { limits?: unknown } } | null)?.sockgrade?.limits;
  return limits === undefined ? undefined : parseLimits(limits, `${file} "sockgrade.limits"`);
}
