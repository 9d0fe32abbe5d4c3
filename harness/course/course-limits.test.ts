import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { courseLimits } from './course-limits.ts';
import { findCourse } from './find-course.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-course-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("a course's limits are in its own package.json; none without one", async () => {
  expect(courseLimits(dir)).toBeUndefined();
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'course', sockgrade: { limits: { memoryMiB: 1024 } } }));
  expect(courseLimits(dir)).toEqual({ memoryMiB: 1024 });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ sockgrade: { limits: { memoryMB: 1 } } }));
  expect(() => courseLimits(dir)).toThrow(/package\.json "sockgrade\.limits": unknown limit "memoryMB"/);
});

test('a package.json holding only limits is not a pointer to a course', async () => {
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ sockgrade: { limits: { processes: 512 } } }));
  expect(findCourse({ cwd: dir })?.dir).not.toBe(dir);
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ sockgrade: { limit: {} } }));
  expect(() => findCourse({ cwd: dir })).toThrow(/"sockgrade" must be \{"specs": "<course folder or package>"\} \(and, in the course's own package\.json, "limits"\)/);
});
