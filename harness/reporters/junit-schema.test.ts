import { expect, test } from 'vitest';
import { renderJunit, tapToJunit } from './junit.ts';
import { renderTap } from './tap.ts';
import { sampleResult } from './sample-result.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { setupFailureOf, setupFailureResult } from '../cli/setup-failure.ts';
import { assignmentResult, gradeResult } from '../grade/results.ts';
import { junitSchemaUnavailable, validateJunit as validate } from './junit-schema.ts';

test('the --junit XML of a run with a pass, a failure and a skip is valid against the Jenkins JUnit schema', async ({ skip }) => {
  const unavailable = junitSchemaUnavailable();
  if (unavailable) skip(unavailable);
  const { valid, errors } = await validate(await renderJunit(sampleResult(), { suite: 'alice & "bob"' }));
  expect(errors).toMatch(/validates/);
  expect(valid).toBe(true);
});

test('so is the XML of an exit-2 run (a failed build) and of awkward names', async ({ skip }) => {
  const unavailable = junitSchemaUnavailable();
  if (unavailable) skip(unavailable);
  const build = setupFailureResult(setupFailureOf(new SockgradeError('E_BUILD', 'build failed: "make" exited with code 2', { details: 'cc -o server server.c\nserver.c:3:1: error: expected ";" <here> & there' })), { maxScore: 13 });
  expect((await validate(await renderJunit(build, { suite: 'carol' }))).valid).toBe(true);
  const awkward = gradeResult([assignmentResult('a&b', [{ name: 'sends "<x>" & \'y\'\tthen ]]> #3', status: 'failed', score: 0, maxScore: 1, message: 'line 1\n<![CDATA[ ]]>\n\u0000', summary: 'x < y', code: 'E_MISMATCH', durationMs: 1.5 }])]);
  expect((await validate(await renderJunit(awkward, { suite: 'd' }))).valid).toBe(true);
});

test('the check can fail: tap-junit\'s own XML is rejected (an id attribute on each testcase)', async ({ skip }) => {
  const unavailable = junitSchemaUnavailable();
  if (unavailable) skip(unavailable);
  const { valid, errors } = await validate(await tapToJunit(renderTap(sampleResult()), { suite: 'alice' }));
  expect(valid).toBe(false);
  expect(errors).toContain("attribute 'id': The attribute 'id' is not allowed");
});
