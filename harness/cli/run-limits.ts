import type { RunSettings } from '../run/run-settings.ts';
import type { ServerLimits } from '../sandbox/server-limits.ts';
import { parseLimitOption } from '../sandbox/server-limits.ts';
import { courseLimits } from '../course/course-limits.ts';

// The run's settings with its servers' limits: the course's (its package.json) and the command line's
// (each --limit NAME=VALUE; a later one wins). Validated here, once; the workers only merge them.
export function withRunLimits(settings: RunSettings, courseDir: string | undefined, options: readonly string[]): RunSettings {
  const course = courseDir === undefined ? undefined : courseLimits(courseDir);
  const cli: Partial<ServerLimits> = Object.assign({}, ...options.map(parseLimitOption));
  return { ...settings, limits: { ...(course ? { course } : {}), ...(options.length > 0 ? { cli } : {}) } };
}
