import type { RunSettings } from '../run/run-settings.ts';
import type { ServerLimits } from '../sandbox/server-limits.ts';
import { courseLimits } from '../course/course-limits.ts';

// The run's settings with its servers' limits: the course's (its package.json) and the command line's
// (--limit, already parsed). The workers only merge them with each spec's and fixture's own.
export function withRunLimits(settings: RunSettings, courseDir: string | undefined, cli: Partial<ServerLimits> | undefined): RunSettings {
  const course = courseDir === undefined ? undefined : courseLimits(courseDir);
  return { ...settings, limits: { ...(course ? { course } : {}), ...(cli ? { cli } : {}) } };
}
