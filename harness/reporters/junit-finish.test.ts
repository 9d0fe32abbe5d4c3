import { expect, test } from 'vitest';
import { finishJunit } from './junit-finish.ts';
import { assignmentResult, gradeResult } from '../grade/results.ts';

// What tap-junit 5 writes for one passing and one failing test (its serialize.js, --pretty).
const TAP_JUNIT = `<?xml version="1.0"?>
<testsuites tests="2" name="sockgrade" failures="1">
  <testsuite name="alice" tests="2" skipped="0" failures="1">
    <testcase name="tcp-echo › echoes" id="1">
      <system-out># 1/1 points
</system-out>
    </testcase>
    <testcase name="tcp-echo › closes" id="2">
      <failure message="tcp-echo › closes
expected EOF" type="fail"/>
    </testcase>
  </testsuite>
</testsuites>`;

const result = gradeResult([
  assignmentResult('tcp-echo', [
    { name: 'echoes', status: 'passed', score: 1, maxScore: 1, message: '', summary: '', durationMs: 1500 },
    { name: 'closes', status: 'failed', score: 0, maxScore: 1, message: 'tcp-echo › closes\nexpected EOF\n  got "x" & <y>', summary: 'expected EOF', code: 'E_NO_EOF', durationMs: 20 },
  ]),
]);

test('drops id, adds classname and time, rewrites the failure with a body, keeps the rest', () => {
  expect(finishJunit(TAP_JUNIT, result)).toBe(`<?xml version="1.0"?>
<testsuites tests="2" name="sockgrade" failures="1" time="1.520">
  <testsuite name="alice" tests="2" skipped="0" failures="1" time="1.520">
    <testcase name="echoes" classname="tcp-echo" time="1.500">
      <system-out># 1/1 points
</system-out>
    </testcase>
    <testcase name="closes" classname="tcp-echo" time="0.020">
      <failure message="expected EOF" type="E_NO_EOF">tcp-echo › closes
expected EOF
  got "x" &amp; &lt;y&gt;</failure>
    </testcase>
  </testsuite>
</testsuites>`);
});

test('an output that does not match the result is an E_REPORT, not a wrong file', () => {
  expect(() => finishJunit(TAP_JUNIT.replace('tcp-echo › echoes', 'tcp-echo › other'), result)).toThrow(/test 1 is "tcp-echo › other", expected "tcp-echo › echoes"/);
  expect(() => finishJunit(TAP_JUNIT.replace(/<failure[^>]*\/>/, ''), result)).toThrow(/test 2 has no failure/);
  expect(() => finishJunit(TAP_JUNIT, gradeResult([assignmentResult('tcp-echo', result.assignments[0]!.tests.slice(0, 1))]))).toThrow(/more test cases than the 1 tests/);
});
